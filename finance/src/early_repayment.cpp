#include "itsb/finance/early_repayment.hpp"

#include <ql/errors.hpp>

#include <cmath>

// The DMO's premature repayment formula (reference: PWLB early repayment, SPEC §9), written per
// unit of outstanding principal and for any payment frequency f:
//
//   X = (1 + i_d t) PV_d - (1 + i_l t),   i_l = coupon / f, i_d = repayment rate / f,
//                                          t = D / (365 / f), the DMO's D / 182.5 when f = 2.
//
// PV_d is the value on the last instalment date of the loan's remaining theoretical
// instalments on one unit, discounted at i_d. Carrying it forward D days at simple interest
// (1 + i_d t) gives its value on the repayment date; the council owes the unit plus the
// interest accrued since the last instalment (1 + i_l t). The DMO's closed forms, with
// a_n = (1 - v^n) / i_d and v = 1 / (1 + i_d):
//
//   maturity  i_l a_n + v^n                                (interest each period, 1 at the end)
//   annuity   AF_l a_n,  AF_l = i_l / (1 - (1 + i_l)^-n)   (the level instalment, n times)
//   EIP       a_n / n + i_l (n - a_n) / (n i_d)            (1/n principal each period, plus
//                                                           interest on the reducing balance)
//
// The EIP interest term comes from sum_{k=1..n} v^k i_l (n - k + 1) / n, the interest on the
// balance (n - k + 1) / n outstanding in period k; since sum_{k=1..n} (n - k + 1) v^k is the sum
// of the annuities a_1 + ... + a_n = sum_j (1 - v^j) / i_d = (n - a_n) / i_d, it is
// i_l (n - a_n) / (n i_d).
//
// Remaining deferral periods come first (SPEC §9's period order): m interest-only periods pay
// i_l each before the n amortizing ones, PV = i_l a_m + v^m PV_n; c capitalised periods pay
// nothing while the unit grows to (1 + i_l)^c, PV = (1 + i_l)^c v^c PV_rest.

namespace itsb::finance {

std::string_view name(LoanType type) {
    switch (type) {
    case LoanType::Maturity: return "maturity";
    case LoanType::Annuity: return "annuity";
    case LoanType::Eip: return "eip";
    }
    return "";
}

std::optional<LoanType> loanTypeOf(AmortizationType amortization) {
    switch (amortization) {
    case AmortizationType::Bullet: return LoanType::Maturity;
    case AmortizationType::Annuity: return LoanType::Annuity;
    case AmortizationType::LevelPrincipal: return LoanType::Eip;
    case AmortizationType::Custom:
    case AmortizationType::CustomFractions:
    case AmortizationType::Sculpted: return std::nullopt;
    }
    return std::nullopt;
}

namespace {

//! v^n = (1 + i)^-n.
double discountFactor(Rate i, int n) { return std::exp(-n * std::log1p(i)); }

//! (n - a_n) / (n i) = sum_{k=1..n} v^k (n - k + 1) / n, the EIP interest weight: the present
//! value of the reducing balances on which interest i_l is paid, so the interest is worth
//! i_l times it. Its limit at i = 0 is sum_k (n - k + 1) / n = (n + 1) / 2 (with v = 1 each
//! balance counts at face value: the average balance 1, (n-1)/n, ..., 1/n times n periods).
//! Near 0 the closed form subtracts two nearly equal numbers, so there the sum itself is used:
//! the same quantity without the cancellation (at most 0.1 / n per period keeps it short).
double eipInterestWeight(Rate i, int n) {
    if (i == 0.0) return (n + 1) / 2.0;
    if (std::abs(i * n) < 0.1) {
        const double v = 1.0 / (1.0 + i);
        double sum = 0.0, vk = 1.0;
        for (int k = 1; k <= n; ++k) {
            vk *= v;
            sum += (n - k + 1) * vk;
        }
        return sum / n;
    }
    return (n - annuityCertain(i, n)) / (n * i);
}

//! Value per unit of principal at the start of the amortizing periods.
double amortizingValue(LoanType type, Rate loanRate, Rate discountRate, int n) {
    const double aN = annuityCertain(discountRate, n);
    switch (type) {
    case LoanType::Maturity: return loanRate * aN + discountFactor(discountRate, n);
    case LoanType::Annuity: return annuityFactor(loanRate, n) * aN;
    case LoanType::Eip: return aN / n + loanRate * eipInterestWeight(discountRate, n);
    }
    QL_FAIL("unknown loan type");
}

}  // namespace

double annuityCertain(Rate i, int n) {
    QL_REQUIRE(n >= 0, "an annuity needs a non-negative number of periods, got " << n);
    QL_REQUIRE(std::isfinite(i) && i > -1.0, "a periodic rate must be finite and above -100 %, got " << i);
    if (i == 0.0) return n;  // the limit of (1 - v^n) / i: n payments of 1, undiscounted
    // 1 - (1+i)^-n = -expm1(-n log1p(i)), exact to a few ulps however small i is.
    return -std::expm1(-n * std::log1p(i)) / i;
}

double annuityFactor(Rate i, int n) {
    QL_REQUIRE(n >= 1, "an annuity factor needs at least one period, got " << n);
    // At i = 0 the level instalment is 1 / n (a_n = n).
    return 1.0 / annuityCertain(i, n);
}

double remainingInstalmentsValue(LoanType type, Rate loanRate, Rate discountRate, const RemainingInstalments& remaining) {
    QL_REQUIRE(remaining.capitalised >= 0 && remaining.interestOnly >= 0,
               "remaining capitalised and interest-only periods must not be negative");
    QL_REQUIRE(remaining.amortizing >= 1, "a loan has at least one amortizing instalment left before maturity");
    QL_REQUIRE(std::isfinite(loanRate) && loanRate > -1.0, "the loan rate per period must be above -100 %, got " << loanRate);
    QL_REQUIRE(std::isfinite(discountRate) && discountRate > -1.0,
               "the repayment rate per period must be above -100 %, got " << discountRate);
    double value = amortizingValue(type, loanRate, discountRate, remaining.amortizing);
    const int m = remaining.interestOnly;
    value = loanRate * annuityCertain(discountRate, m) + discountFactor(discountRate, m) * value;
    // ((1 + i_l) / (1 + i_d))^c, through logarithms so long deferrals neither overflow nor drift.
    const int c = remaining.capitalised;
    value *= std::exp(c * (std::log1p(loanRate) - std::log1p(discountRate)));
    return value;
}

double earlyRepaymentFactor(const EarlyRepaymentTerms& terms) {
    QL_REQUIRE(terms.daysSinceLastInstalment >= 0,
               "days since the last instalment must not be negative, got " << terms.daysSinceLastInstalment);
    const int f = perYear(terms.frequency);
    const double loanRate = terms.loanRate / f;
    const double discountRate = terms.repaymentRate / f;
    // The DMO's D / 182.5: the fraction of a (365 / f)-day period since the last instalment.
    const double t = terms.daysSinceLastInstalment * f / 365.0;
    const double value = remainingInstalmentsValue(terms.loanType, loanRate, discountRate, terms.remaining);
    return (1.0 + discountRate * t) * value - (1.0 + loanRate * t);
}

EarlyRepayment earlyRepayment(Money outstanding, const EarlyRepaymentTerms& terms, const Rounding& rounding) {
    QL_REQUIRE(std::isfinite(outstanding), "the outstanding principal must be finite");
    EarlyRepayment r;
    r.outstanding = rounding(outstanding);
    r.factor = earlyRepaymentFactor(terms);
    const int f = perYear(terms.frequency);
    const double t = terms.daysSinceLastInstalment * f / 365.0;
    r.accruedInterest = rounding(r.outstanding * (terms.loanRate / f) * t);
    r.premium = rounding(r.outstanding * r.factor);
    r.totalToPay = rounding(r.outstanding + r.accruedInterest + r.premium);
    return r;
}

}  // namespace itsb::finance
