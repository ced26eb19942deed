#include "scenario_reader.hpp"

#include "checker.hpp"
#include "input_keys.hpp"
#include "ranges.hpp"

#include "itsb/finance/capital_finance.hpp"
#include "itsb/scenarios/model/council_rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

// The council_finance block (docs/MODEL.md §10): the jurisdiction, MRP, how one-off costs
// are funded, the net revenue stream and tax base, the PWLB comparison. Read after everything
// else, since its funding items name one-off costs and its rules depend on the start date.

namespace itsb::scenarios {

std::string_view name(Jurisdiction jurisdiction) {
    switch (jurisdiction) {
        case Jurisdiction::England: return "england";
        case Jurisdiction::Wales: return "wales";
        case Jurisdiction::Scotland: return "scotland";
        case Jurisdiction::NorthernIreland: return "northern_ireland";
    }
    return "?";
}

std::string_view name(FundingSource source) {
    switch (source) {
        case FundingSource::CapitalReceipts: return "capital_receipts";
        case FundingSource::Grant: return "grant";
        case FundingSource::Reserves: return "reserves";
    }
    return "?";
}

std::string_view name(PwlbRateType type) {
    switch (type) {
        case PwlbRateType::Standard: return "standard";
        case PwlbRateType::Certainty: return "certainty";
        case PwlbRateType::LocalInfrastructure: return "local_infrastructure";
        case PwlbRateType::Hra: return "hra";
    }
    return "?";
}

std::string_view name(finance::MrpMethod method) {
    switch (method) {
        case finance::MrpMethod::AssetLifeStraightLine: return "asset_life_straight_line";
        case finance::MrpMethod::AssetLifeAnnuity: return "asset_life_annuity";
        case finance::MrpMethod::CfrFourPercent: return "cfr_4_percent";
    }
    return "?";
}

std::string_view name(finance::MrpStart start) {
    return start == finance::MrpStart::SameYear ? "same_year" : "year_after";
}

namespace detail {

std::optional<RevenueStream> ScenarioReader::readRevenueStream(const json& value, const std::string& ptr) {
    const Range amountRange = aboveUpTo(0, kMaxMoney);
    if (value.is_number()) {
        const auto amount = check_.numberValue(value, ptr, amountRange);
        if (!amount) return std::nullopt;
        return RevenueStream{*amount, 0.0};
    }
    if (!value.is_object()) {
        check_.add(ptr, &value, "must be an amount, or an object {\"amount\", \"growth\"}");
        return std::nullopt;
    }
    if (!check_.object(value, ptr, kRevenueStreamKeys)) return std::nullopt;
    const auto amount = check_.number(value, ptr, "amount", amountRange, std::nullopt);
    const auto growth = check_.number(value, ptr, "growth", closed(-0.5, 0.5), 0.0);
    if (!amount || !growth) return std::nullopt;
    return RevenueStream{*amount, *growth};
}

void ScenarioReader::readFunding(const json& list, const std::string& ptr, CouncilFinance& out) {
    if (!check_.array(list, ptr) || !check_.count(list, ptr, 0, kMaxCostItems)) return;
    const auto& costs = s_.programme.oneOffCosts;
    std::vector<Money> funded(costs.size(), 0.0);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& value = list.at(i);
        const std::string itemPtr = childPointer(ptr, i);
        if (!check_.object(value, itemPtr, kFundingKeys)) continue;
        const auto source = check_.choice(value, itemPtr, "source", kFundingSources, std::nullopt);
        const auto amount = check_.number(value, itemPtr, "amount", aboveUpTo(0, kMaxMoney), std::nullopt);
        std::optional<std::size_t> cost;
        if (const json* costValue = check_.required(value, itemPtr, "cost")) {
            const std::string costPtr = itemPtr + "/cost";
            if (const auto text = check_.stringValue(*costValue, costPtr)) {
                std::vector<std::size_t> matches;
                for (std::size_t c = 0; c < costs.size(); ++c)
                    if (costs[c].name == *text) matches.push_back(c);
                if (matches.empty()) {
                    std::vector<std::string_view> names;
                    for (const auto& c : costs) names.push_back(c.name);
                    check_.add(costPtr, costValue,
                               names.empty() ? "must name a one-off cost, and the programme has none"
                                             : "must name a one-off cost: one of " + quotedList(names));
                } else if (matches.size() > 1) {
                    check_.add(costPtr, costValue,
                               "names " + std::to_string(matches.size()) +
                                   " one-off costs: give them distinct names so the funding is unambiguous");
                } else {
                    cost = matches.front();
                }
            }
        }
        if (!source || !amount || !cost) continue;
        const OneOffCost& c = costs[*cost];
        if (*source == FundingSource::CapitalReceipts && c.kind == CostKind::Revenue && start_) {
            const int fiscalYear = finance::fiscalYearOf(*start_) + std::max(c.year, 1) - 1;
            if (!flexibleUseOfCapitalReceipts(out.jurisdiction, fiscalYear))
                check_.addText(itemPtr, "capital_receipts for \"" + c.name + "\" in " + finance::fiscalYearLabel(fiscalYear),
                               "capital receipts may fund a revenue cost only under a flexible-use direction: " +
                                   flexibleUseRule(out.jurisdiction));
        }
        // The cost the revenue view funds is the projected one, after cost optimism bias.
        const double projected = c.amount * (1.0 + s_.programme.costOptimismBias);
        funded[*cost] += *amount;
        if (funded[*cost] > projected * (1.0 + 1e-12))
            check_.add(itemPtr + "/amount", Checker::find(value, "amount"),
                       (funded[*cost] == *amount ? std::string("funds ")
                                                 : "with the funding listed before it, funds " + formatSum(funded[*cost]) +
                                                       " of ") +
                           "\"" + c.name + "\", more than its cost after cost_optimism_bias (" + formatSum(projected) +
                           "): funding may not exceed its cost");
        out.funding.push_back({*source, *cost, *amount});
    }
}

void ScenarioReader::readCouncilFinance(const json& doc) {
    const json* cf = Checker::find(doc, "council_finance");
    const std::string ptr = "/council_finance";
    if (cf == nullptr) {
        for (const auto& [pointer, value] : needCouncilFinance_)
            check_.add(pointer, value, "applies only with a council_finance block (the revenue-budget view)");
        return;
    }
    if (!check_.object(*cf, ptr, kCouncilFinanceKeys)) return;
    CouncilFinance out;
    out.jurisdiction = orDefault(check_.choice(*cf, ptr, "jurisdiction", kJurisdictions, Jurisdiction::England));

    if (start_ && !(start_->month() == 4 && start_->day() == 1))
        check_.add("/start_date", Checker::find(doc, "start_date"),
                   "must be 1 April with council_finance: the revenue view runs by financial year "
                   "(1 April to 31 March), programme year k being financial year k");

    bool lifeNeeded = false;
    std::string lifeless;
    for (const auto& c : s_.programme.oneOffCosts)
        if (c.kind == CostKind::Capital && !c.assetLifeYears && !lifeNeeded) {
            lifeNeeded = true;
            lifeless = c.name;
        }
    if (const json* m = Checker::find(*cf, "mrp")) {
        const std::string mrpPtr = ptr + "/mrp";
        if (check_.object(*m, mrpPtr, kMrpKeys)) {
            const auto method =
                check_.choice(*m, mrpPtr, "method", kMrpMethods, finance::MrpMethod::AssetLifeStraightLine);
            out.mrp.method = orDefault(method, finance::MrpMethod::AssetLifeStraightLine);
            if (Checker::find(*m, "asset_life_years") != nullptr)
                out.mrp.assetLifeYears = check_.smallInteger(*m, mrpPtr, "asset_life_years", {1, 50, {}}, std::nullopt);
            if (const json* rate = Checker::find(*m, "annuity_rate")) {
                if (method && *method != finance::MrpMethod::AssetLifeAnnuity)
                    check_.add(mrpPtr + "/annuity_rate", rate, "is only allowed with method \"asset_life_annuity\"");
                else
                    out.mrp.annuityRate = check_.numberValue(*rate, mrpPtr + "/annuity_rate", closed(0, 1));
            }
            const auto start = check_.choice(*m, mrpPtr, "start", kMrpStarts, finance::MrpStart::YearAfter);
            out.mrp.start = orDefault(start, finance::MrpStart::YearAfter);
            if (method == finance::MrpMethod::CfrFourPercent && start == finance::MrpStart::SameYear)
                check_.add(mrpPtr + "/start", Checker::find(*m, "start"),
                           "must be \"year_after\" with method \"cfr_4_percent\": 4 % of the opening CFR first "
                           "provides for spending in the year after it");
            if (method && *method != finance::MrpMethod::CfrFourPercent && lifeNeeded && !out.mrp.assetLifeYears &&
                Checker::find(*m, "asset_life_years") == nullptr)
                check_.add(mrpPtr + "/asset_life_years", nullptr,
                           "is required: the capital cost \"" + lifeless + "\" has no asset_life_years of its own");
        }
    } else if (lifeNeeded) {
        check_.add(ptr + "/mrp", nullptr,
                   "is required: the capital cost \"" + lifeless +
                       "\" needs an MRP method and asset life (method \"asset_life_straight_line\" by default)");
    }

    if (const json* funding = Checker::find(*cf, "funding")) readFunding(*funding, ptr + "/funding", out);
    if (const json* stream = Checker::find(*cf, "net_revenue_stream"))
        out.netRevenueStream = readRevenueStream(*stream, ptr + "/net_revenue_stream");
    if (Checker::find(*cf, "tax_base") != nullptr)
        out.taxBase = check_.number(*cf, ptr, "tax_base", aboveUpTo(0, 1e9), std::nullopt);
    if (const json* pwlb = Checker::find(*cf, "pwlb")) {
        const std::string pwlbPtr = ptr + "/pwlb";
        if (check_.object(*pwlb, pwlbPtr, kPwlbKeys)) {
            const auto gilt = check_.number(*pwlb, pwlbPtr, "gilt_yield", closed(-0.05, 0.5), std::nullopt);
            const auto type = check_.choice(*pwlb, pwlbPtr, "rate_type", kPwlbRateTypes, PwlbRateType::Standard);
            if (gilt && type) out.pwlb = PwlbSpec{*gilt, *type};
        }
    }
    if (Checker::find(*cf, "max_financing_cost_ratio") != nullptr)
        out.maxFinancingCostRatio = check_.number(*cf, ptr, "max_financing_cost_ratio", aboveUpTo(0, 10), std::nullopt);
    s_.councilFinance = std::move(out);
}

}  // namespace detail

}  // namespace itsb::scenarios
