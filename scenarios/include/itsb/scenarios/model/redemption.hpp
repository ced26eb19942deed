#pragma once
// `itsb redeem`: what the council pays to repay the scenario's bond early on a given date at a
// given premature repayment rate, as the PWLB prices it (SPEC §6, §9; finance/early_repayment).
// The outstanding principal and the instalments left come from the evaluated, rounded schedule.

#include "itsb/finance/early_repayment.hpp"
#include "itsb/scenarios/model/scenario.hpp"

#include <stdexcept>
#include <string>

namespace itsb::scenarios {

//! The quote and where each figure comes from.
struct RedemptionQuote {
    std::string name;         //!< the scenario's name
    std::string inputSha256;  //!< of the canonical input (as `run` reports it)
    Date date;                //!< repayment date
    Rate rate = 0.0;          //!< premature repayment rate, per year
    finance::LoanType loanType = finance::LoanType::Maturity;

    // The loan's terms, for the report.
    Money notional = 0.0;
    Rate coupon = 0.0;
    finance::Frequency frequency = finance::Frequency::Semiannual;
    Date issueDate;
    Date maturity;  //!< last unadjusted schedule date

    // The DMO's inputs.
    Date lastInstalmentDate;  //!< last unadjusted schedule date <= date (the issue date if none)
    int daysSinceLastInstalment = 0;  //!< D
    finance::RemainingInstalments remaining;  //!< N = remaining.total()
    double remainingValue = 0.0;  //!< PV_d: the remaining instalments per unit, at the repayment rate

    // The DMO's outputs: outstanding, accrued interest, premium, total and the factor X.
    finance::EarlyRepayment repayment;
};

}  // namespace itsb::scenarios
