#include "itsb/scenarios/engine/redemption.hpp"

#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/io/text_format.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace itsb::scenarios {

RedemptionQuote redeem(const Scenario& scenario, Date date, Rate rate) {
    // The DMO formula values the theoretical instalments of a maturity, annuity or EIP loan;
    // custom and sculpted repayments have no such closed form, so they are refused before any
    // calculation.
    const auto loanType = finance::loanTypeOf(scenario.bond.amortization);
    if (!loanType)
        throw InputError({InputProblem{"/bond/amortization",
                                       problemValue(canonicalJson(scenario).at("bond").at("amortization")),
                                       "early repayment is priced by the DMO formula for bullet (maturity), annuity "
                                       "and level_principal (EIP) loans only"}});
    if (!std::isfinite(rate) || rate < kMinRedemptionRate || rate > kMaxRedemptionRate)
        throw RedemptionRequestError("repayment rate " + formatNumber(rate) + " must be a decimal between " +
                                     formatNumber(kMinRedemptionRate) + " and " + formatNumber(kMaxRedemptionRate) +
                                     (std::isfinite(rate) && rate > 1.0 && rate <= 100.0
                                          ? " (" + formatNumber(rate) + " % is " + formatNumber(rate / 100.0) + ")"
                                          : std::string()));

    const auto evaluation = evaluate(scenario);
    const auto& rows = evaluation.schedule.rows;
    const Date issue = scenario.bond.issueDate;
    const Date maturity = evaluation.schedule.maturity();
    if (date < issue)
        throw RedemptionRequestError("repayment date " + date.iso() + " is before the bond's issue date " + issue.iso());
    if (date >= maturity)
        throw RedemptionRequestError("repayment date " + date.iso() + " is on or after the bond's maturity " +
                                     maturity.iso() + ": nothing is left to repay early");

    // The last instalment is the last unadjusted schedule date on or before the date: a payment
    // due on the date itself counts as made. Before the first one the issue date is date 0 and
    // the whole notional is outstanding.
    std::size_t made = 0;
    while (made < rows.size() && rows[made].accrualEnd <= date) ++made;

    const auto terms = bondTerms(scenario, evaluation.bond.notional);
    RedemptionQuote q;
    q.name = scenario.name;
    q.inputSha256 = evaluation.inputSha256;
    q.date = date;
    q.rate = rate;
    q.loanType = *loanType;
    q.notional = evaluation.bond.notional;
    q.coupon = terms.coupon;
    q.frequency = terms.frequency;
    q.issueDate = issue;
    q.maturity = maturity;
    q.lastInstalmentDate = made == 0 ? issue : rows[made - 1].accrualEnd;
    q.daysSinceLastInstalment = finance::daysBetween(q.lastInstalmentDate, date);
    const Money outstanding = made == 0 ? rows.front().openingBalance : rows[made - 1].closingBalance;
    for (std::size_t j = made; j < rows.size(); ++j) {
        switch (rows[j].kind) {
        case finance::PeriodKind::Capitalised: ++q.remaining.capitalised; break;
        case finance::PeriodKind::InterestOnly: ++q.remaining.interestOnly; break;
        case finance::PeriodKind::Amortizing: ++q.remaining.amortizing; break;
        }
    }

    finance::EarlyRepaymentTerms dmo;
    dmo.loanType = *loanType;
    dmo.loanRate = terms.coupon;
    dmo.repaymentRate = rate;
    dmo.frequency = terms.frequency;
    dmo.remaining = q.remaining;
    dmo.daysSinceLastInstalment = q.daysSinceLastInstalment;
    const int f = finance::perYear(terms.frequency);
    q.remainingValue = finance::remainingInstalmentsValue(*loanType, terms.coupon / f, rate / f, q.remaining);
    q.repayment = finance::earlyRepayment(outstanding, dmo, scenario.rounding);
    return q;
}

}  // namespace itsb::scenarios
