#pragma once
// Investor analytics of a rounded schedule through QuantLib's CashFlows functions.

#include "itsb/finance/schedule.hpp"

#include <optional>

namespace itsb::finance {

struct BondRisk {
    Rate yield = 0.0;                 //!< compounded at the bond frequency, bond day count
    Time macaulayDuration = 0.0;
    Time modifiedDuration = 0.0;
    double convexity = 0.0;
};

//! Yield, durations and convexity of the schedule's cash flows bought for `pricePaid` on
//! the issue date (QuantLib 1.29 CashFlows::yield / duration / convexity; settlement =
//! issue date, each coupon's reference period its accrual period, payments on adjusted
//! dates). Returns nullopt when no yield solves.
std::optional<BondRisk> bondRisk(const Schedule& schedule, const BondTerms& terms, Money pricePaid);

}  // namespace itsb::finance
