#include "itsb/finance/payment_by_results.hpp"

#include <algorithm>
#include <stdexcept>

namespace itsb::finance {

PaymentByResults payByResults(const Schedule& contractual, const std::vector<Money>& available, Rate coupon,
                              const PaymentByResultsTerms& terms, const Rounding& round) {
    if (available.size() != contractual.rows.size())
        throw std::invalid_argument("payByResults: one availability per schedule row is needed");
    PaymentByResults out;
    out.rows.reserve(contractual.rows.size());
    Money arrears = 0.0;
    for (std::size_t j = 0; j < contractual.rows.size(); ++j) {
        const auto& row = contractual.rows[j];
        PaidRow paid;
        paid.available = available[j];
        // Unpaid amounts keep earning the coupon, over the same accrual period as the debt.
        paid.arrearsInterest = round(arrears * coupon * row.accrualFraction);
        const Money owed = round(row.debtService + arrears + paid.arrearsInterest);
        const bool last = j + 1 == contractual.rows.size();
        Money pay = last && terms.councilGuarantee ? owed : std::min(owed, std::max(paid.available, 0.0));
        if (terms.cap) pay = std::min(pay, std::max(round(*terms.cap - out.totalPaid), 0.0));
        paid.paid = std::max(pay, 0.0);
        paid.arrears = round(owed - paid.paid);
        arrears = paid.arrears;
        out.totalPaid = round(out.totalPaid + paid.paid);
        out.rows.push_back(paid);
    }
    out.writtenOff = arrears;
    return out;
}

}  // namespace itsb::finance
