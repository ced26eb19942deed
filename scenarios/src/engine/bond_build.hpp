#pragma once
// Private to scenarios/src: building the bond of a scenario for a given notional, with its
// flows bucketed into programme years (sculpting and the savings-linked waterfall included),
// and the sizing rules that search the notional. Shared by evaluate() and `itsb size`.

#include "itsb/finance/irr.hpp"
#include "itsb/finance/payment_by_results.hpp"
#include "itsb/finance/schedule.hpp"
#include "itsb/scenarios/engine/projection.hpp"
#include "itsb/scenarios/model/programme_years.hpp"
#include "itsb/scenarios/model/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itsb::scenarios::detail {

//! What building the bond needs beyond the notional; none of it depends on the notional.
struct BondContext {
    const Scenario* scenario = nullptr;
    ProgrammeYears years;
    ProgrammeProjection projection;
    finance::ScheduleFrame frame;               //!< dates, payment dates and accrual fractions
    std::vector<finance::Date> dates;           //!< unadjusted d_0..d_n
    std::vector<Year> periodYear;               //!< programme year of each period's date d_j (j = 1..n)
    std::vector<Money> annualFees;              //!< by year 0..H
    std::vector<finance::DatedFlow> feeDates;   //!< each fee on its unadjusted anniversary
    std::vector<Money> cfads;                   //!< by year 0..H: net savings - fees
    Year issueYear = 0;
    Year finalYear = 0;
    std::vector<std::string> yearLabels;        //!< years.label(k) by year 0..H
    std::vector<finance::Date> anniversaries;   //!< the issue date's anniversaries up to maturity
    std::vector<Year> anniversaryYears;         //!< the programme year of each
};

BondContext makeBondContext(const Scenario& scenario);

//! Sculpted payment targets S_j = CFADS_k / m_k for the amortizing dates (0 elsewhere), m_k
//! the amortizing dates in date j's year k.
std::vector<double> sculptShares(const BondContext& context);

//! What investors pay for `notional` (already rounded) and what the council keeps of it.
struct IssueAmounts {
    Money pricePaid = 0.0;      //!< round(notional x issue price / 100)
    Money issuanceCosts = 0.0;  //!< round(percent x notional) + round(fixed), rounded
    Money netProceeds = 0.0;    //!< price paid - issuance costs
};
IssueAmounts issueAmounts(const Scenario& scenario, Money notional);

//! makeBondContext(scenario) when `sameDates` is the context of a scenario with the same start
//! date, horizon and bond dates (issue date, periods, frequency, day count, calendar, payment
//! convention): its dates and labels are kept (the QuantLib calendar and day-count work, most of
//! the cost), the projection, fees and CFADS built again. Checks that those fields agree, and
//! builds everything when they do not.
BondContext makeBondContext(const Scenario& scenario, const BondContext& sameDates);

//! Whether resolveNotional can depend on the savings or the coupon: a DSCR target, a reserve
//! sized on the debt service, sculpted payments (shaped by CFADS, and failing when interest
//! exceeds them) or savings-linked payments. Otherwise the notional follows from the rule, the
//! one-off costs and the issue terms alone (a fund_* rule covers net proceeds, which the
//! coupon does not touch).
bool notionalFollowsSchedule(const Scenario& scenario);

//! The bond for one notional.
struct BondFlows {
    Money notional = 0.0;
    finance::BondTerms terms;
    finance::Schedule schedule;             //!< contractual
    std::optional<double> sculptDscr;       //!< the DSCR the payments were sculpted at
    std::vector<Money> contractualDebtService;  //!< by year
    std::optional<finance::PaymentByResults> paid;  //!< savings-linked only
    std::vector<Money> debtServicePaid;     //!< by year: what investors receive (contractual for GO)
    Money pricePaid = 0.0;
    Money issuanceCosts = 0.0;
    Money netProceeds = 0.0;
    Money reserve = 0.0;
};

//! Builds the bond at `notional`. A sculpted bond is sculpted at `sculptTarget` when given,
//! else at the DSCR that repays the notional exactly (SPEC §9). Throws finance::ScheduleError
//! when the terms cannot repay (e.g. interest above a sculpted payment).
BondFlows buildBond(const BondContext& context, Money notional, std::optional<double> sculptTarget = std::nullopt);

//! The minimum DSCR over years with debt service > 0 and the earliest year at it.
struct DscrFloor {
    double value = 0.0;
    Year year = 0;
};
std::optional<DscrFloor> minimumDscr(const std::vector<Money>& cfads, const std::vector<Money>& debtService);

//! The smallest multiple of size_rounding whose net proceeds less the reserve cover `costs`.
//! Throws InputError (pointer `/bond/notional`, naming `rule`) when there is nothing to fund.
Money notionalToFund(const BondContext& context, Money costs, const std::string& rule, const std::string& what);

//! The largest multiple of size_rounding whose minimum DSCR (contractual debt service, every
//! year with debt service) is at least `target`; sculpted bonds sculpt their payments at it
//! and must repay by maturity. nullopt when even one size_rounding fails.
std::optional<Money> maxNotionalForDscr(const BondContext& context, double target);

//! Why no notional meets `target` (when maxNotionalForDscr found none): the binding year and
//! its CFADS, then what would help, each remedy checked by sizing again with it.
std::string whyNoNotionalMeets(const BondContext& context, double target);

//! The notional by the scenario's rule, and the costs a fund_* rule covered (0 otherwise).
Money resolveNotional(const BondContext& context, Money& fundedCosts);

//! "2027/28 (period 3)" style text for a schedule period.
std::string periodText(const BondContext& context, int period);

}  // namespace itsb::scenarios::detail
