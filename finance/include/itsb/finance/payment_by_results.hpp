#pragma once
// A savings-linked (payment-by-results) bond: the contractual schedule is owed, but each
// payment date pays no more than the savings made available for it. Shortfalls are carried
// forward with interest and, at maturity, written off unless the council guarantees them.

#include "itsb/finance/schedule.hpp"

#include <optional>
#include <vector>

namespace itsb::finance {

struct PaymentByResultsTerms {
    bool councilGuarantee = false;  //!< the council pays the remaining arrears at maturity
    std::optional<Money> cap;       //!< total payments never exceed this (guarantee included)
};

struct PaidRow {
    Money available = 0.0;        //!< what the savings allow on this date
    Money arrearsInterest = 0.0;  //!< interest on the arrears brought forward
    Money paid = 0.0;             //!< cash paid to investors
    Money arrears = 0.0;          //!< owed after this date's payment (before any write-off)
};

struct PaymentByResults {
    std::vector<PaidRow> rows;  //!< one per schedule row
    Money writtenOff = 0.0;     //!< arrears left at maturity and not paid (arrears interest included)
    Money totalPaid = 0.0;
};

//! Runs the waterfall over a contractual schedule (SPEC §9): on each date
//! arrears interest = round(arrears_{j-1} x coupon x tau_j); paid = min(due + arrears_{j-1} +
//! arrears interest, available, cap left); arrears carried. At the last date the remaining
//! arrears are paid when guaranteed (still within the cap), else written off.
//! `available` has one entry per schedule row.
PaymentByResults payByResults(const Schedule& contractual, const std::vector<Money>& available, Rate coupon,
                              const PaymentByResultsTerms& terms, const Rounding& rounding);

}  // namespace itsb::finance
