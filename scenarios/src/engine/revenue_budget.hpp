#pragma once
// Private to scenarios/src: the revenue-budget view (docs/MODEL.md §10) of an evaluation whose
// scenario has council_finance, built from the cash view's annual table and schedule.

#include "itsb/scenarios/engine/projection.hpp"
#include "itsb/scenarios/model/evaluation.hpp"

#include <vector>

namespace itsb::scenarios::detail {

//! One one-off cost as the revenue view sees it: after cost bias, split into what each funding
//! source meets and what is left (borrowed when capital, met from the year's revenue otherwise).
struct FundedCost {
    std::size_t year = 1;  //!< financial year 1..H (year 0 costs fall in year 1)
    CostKind kind = CostKind::Capital;
    Money cost = 0.0;      //!< round(amount x (1 + cost optimism bias))
    Money capitalReceipts = 0.0, grants = 0.0, reserves = 0.0;
    Money unfunded = 0.0;  //!< cost - funding, never below 0
    int lifeYears = 1;     //!< capital: its own asset life, else the block's (cfr_4_percent: unused)
};

//! The funding items of a scenario with council_finance applied to its one-off costs: items in
//! input order, each at most what is left of its cost.
struct AppliedFunding {
    std::vector<FundedCost> costs;          //!< every one-off cost, in input order
    std::vector<FundingItemFigures> items;  //!< what each item met, in input order
};

AppliedFunding applyFunding(const Scenario& scenario);

//! Every one-off cost of a scenario with council_finance, in input order (applyFunding's).
std::vector<FundedCost> fundedCosts(const Scenario& scenario);

//! What fund_capital_costs (capitalOnly) or fund_one_off_costs sizes the bond to: the projection's
//! one-off costs, less what council_finance's funding items meet of them; rounded.
Money costsToFund(const Scenario& scenario, const ProgrammeProjection& projection, bool capitalOnly);

//! The consortium's revenue account: needs ev.annual, ev.schedule, ev.bond. Throws InputError
//! when the schedule's interest accrues outside the horizon's financial years. With `figures`,
//! also the Revenue sheet's figures from the same steps (each cost's funding and MRP, each
//! funding item, each period's interest split, the account's helper columns); the partners'
//! helper columns are revenueHelperColumns of their rows.
RevenueAccount revenueAccount(const Evaluation& ev, RevenueWorkbookFigures* figures = nullptr);

//! The helper columns of a revenue table whose rows are complete.
RevenueHelperColumns revenueHelperColumns(const std::vector<RevenueRow>& rows, const finance::Rounding& round);

//! Each partner's share of `account` (PartnerRevenue), in partner order.
std::vector<PartnerRevenue> partnerRevenue(const Scenario& scenario, const RevenueAccount& account);

//! The PWLB comparison (council_finance.pwlb given): the bond's terms re-evaluated at the PWLB's
//! rate with no issue price, costs, fees or reserve.
PwlbComparison pwlbComparison(const Evaluation& ev);

//! The conventions the revenue view adds to the report's (in report order).
std::vector<std::pair<std::string, std::string>> revenueConventions(const Evaluation& ev);

//! The revenue view's warnings (the revenue-borrowing warning's replacement among them).
void revenueWarnings(const Evaluation& ev, std::vector<Warning>& warnings);

}  // namespace itsb::scenarios::detail
