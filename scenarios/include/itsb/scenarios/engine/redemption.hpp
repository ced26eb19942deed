#pragma once
// `itsb redeem`: the early repayment of the scenario's bond as the PWLB prices it (the quote's
// type is in model/redemption.hpp).

#include "itsb/scenarios/model/redemption.hpp"

#include <stdexcept>

namespace itsb::scenarios {

//! A redemption request that cannot be priced as asked: a date outside [issue date, maturity)
//! or an unusable rate. A usage error (exit code 2), not an input error: the scenario is fine.
class RedemptionRequestError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

//! The lowest and highest premature repayment rate `redeem` accepts (the coupon's range).
constexpr Rate kMinRedemptionRate = -0.05;
constexpr Rate kMaxRedemptionRate = 1.0;

//! Prices the early repayment of the scenario's bond on `date` at `rate`.
//! Throws InputError at `/bond/amortization` for custom, custom-fraction and sculpted loans
//! (the DMO formula prices only maturity, annuity and EIP loans), InputError from evaluate() for
//! other impossible inputs, and RedemptionRequestError for a date outside
//! [issue date, maturity) or a rate outside [kMinRedemptionRate, kMaxRedemptionRate].
RedemptionQuote redeem(const Scenario& scenario, Date date, Rate rate);

}  // namespace itsb::scenarios
