#pragma once
// Early repayment of a fixed-rate loan as the PWLB prices it (the DMO's premature repayment
// formula, SPEC §9). The loan's remaining instalments are revalued at the premature repayment
// rate; the difference from the outstanding principal is a premium (positive: the council pays
// more) or a discount (negative: it pays less). Both sides are carried from the last instalment
// date to the repayment date at simple interest, as the DMO does.

#include "itsb/finance/conventions.hpp"
#include "itsb/finance/rounding.hpp"
#include "itsb/finance/schedule.hpp"
#include "itsb/finance/types.hpp"

#include <optional>
#include <string_view>

namespace itsb::finance {

//! The PWLB's three loan types.
enum class LoanType {
    Maturity,  //!< interest only, principal at maturity (our `bullet`)
    Annuity,   //!< level instalments of interest and principal (`annuity`)
    Eip        //!< equal instalments of principal, interest on the reducing balance (`level_principal`)
};

std::string_view name(LoanType type);  //!< "maturity", "annuity", "eip"

//! The PWLB loan type of an amortization; nullopt for custom, custom-fraction and sculpted
//! repayments, which the DMO formula does not price.
std::optional<LoanType> loanTypeOf(AmortizationType amortization);

//! The schedule periods still to come after the last instalment, in SPEC §9's period order:
//! capitalised periods, then interest-only periods, then amortizing periods.
struct RemainingInstalments {
    int capitalised = 0;
    int interestOnly = 0;
    int amortizing = 0;

    int total() const { return capitalised + interestOnly + amortizing; }  //!< the DMO's N
};

struct EarlyRepaymentTerms {
    LoanType loanType = LoanType::Maturity;
    Rate loanRate = 0.0;        //!< the loan's coupon, per year
    Rate repaymentRate = 0.0;   //!< the premature repayment rate, per year
    Frequency frequency = Frequency::Semiannual;
    RemainingInstalments remaining;
    int daysSinceLastInstalment = 0;  //!< the DMO's D, actual days
};

//! a_n = (1 - (1+i)^-n) / i, the present value at i per period of 1 paid at the end of each of
//! n periods; n when i = 0 (its limit). Computed without cancellation for small i.
double annuityCertain(Rate i, int n);

//! AF = i / (1 - (1+i)^-n) = 1 / a_n, the level instalment that repays 1 over n periods at i.
double annuityFactor(Rate i, int n);

//! The present value at `discountRate` (per period) of the instalments that remain on one unit
//! of principal outstanding at `loanRate` (per period), valued on the last instalment date:
//! capitalised periods pay nothing while the unit grows by (1 + i_l) each, interest-only periods
//! pay i_l, and the amortizing ones pay as the loan type does.
double remainingInstalmentsValue(LoanType type, Rate loanRate, Rate discountRate, const RemainingInstalments& remaining);

//! The DMO's premium (+) or discount (-) per unit of outstanding principal:
//! X = (1 + i_d D f/365) PV_d - (1 + i_l D f/365), i = rate / f. Exact: no rounding inside.
double earlyRepaymentFactor(const EarlyRepaymentTerms& terms);

//! What the council pays to repay the loan early.
struct EarlyRepayment {
    Money outstanding = 0.0;      //!< principal after the last instalment
    Money accruedInterest = 0.0;  //!< round(outstanding x i_l x D f / 365)
    Money premium = 0.0;          //!< round(outstanding x factor); negative is a discount
    Money totalToPay = 0.0;       //!< outstanding + accrued interest + premium
    double factor = 0.0;          //!< earlyRepaymentFactor(terms)
};

EarlyRepayment earlyRepayment(Money outstanding, const EarlyRepaymentTerms& terms, const Rounding& rounding);

}  // namespace itsb::finance
