#include "itsb/scenarios/io/reader.hpp"

#include <nlohmann/json.hpp>

#include <openssl/evp.h>

#include <stdexcept>
#include <string>
#include <vector>

// The canonical input: every key written with its value after defaults, so that reading it
// back gives the same Scenario and its SHA-256 identifies a run's input (SPEC §6).

namespace itsb::scenarios {

namespace {

using nlohmann::json;

// Element by element: converting a std::vector<double> directly trips a GCC 12
// -Warray-bounds false positive inside nlohmann's JSON_DIAGNOSTICS parent tracking.
json numberArray(const std::vector<double>& values) {
    json out = json::array();
    for (double x : values) out.push_back(x);
    return out;
}

json rampJson(const Ramp& ramp) {
    json out = json::object();
    out["delay_years"] = ramp.delayYears;
    if (!ramp.fractions.empty()) {
        out["fractions"] = numberArray(ramp.fractions);
    } else {
        out["years_to_full"] = ramp.yearsToFull;
        out["shape"] = name(ramp.shape);
    }
    return out;
}

json programmeJson(const Programme& programme) {
    json lines = json::array();
    for (const auto& line : programme.serviceLines)
        lines.push_back({{"name", line.name},
                         {"addressable_share", line.addressableShare},
                         {"saving_rate", line.savingRate},
                         {"ramp", rampJson(line.ramp)}});
    json oneOff = json::array();
    for (const auto& cost : programme.oneOffCosts) {
        json item = {{"name", cost.name}, {"year", cost.year}, {"amount", cost.amount}, {"kind", name(cost.kind)}};
        if (cost.assetLifeYears) item["asset_life_years"] = *cost.assetLifeYears;
        oneOff.push_back(std::move(item));
    }
    json running = json::array();
    for (const auto& cost : programme.runningCosts)
        running.push_back({{"name", cost.name},
                           {"from_year", cost.fromYear},
                           {"amount", cost.amount},
                           {"escalation", cost.escalation}});
    return {{"baseline_expenditure", programme.baselineExpenditure},
            {"expenditure_growth", programme.expenditureGrowth},
            {"service_lines", std::move(lines)},
            {"savings_optimism_bias", programme.savingsOptimismBias},
            {"one_off_costs", std::move(oneOff)},
            {"running_costs", std::move(running)},
            {"cost_optimism_bias", programme.costOptimismBias}};
}

json notionalJson(const NotionalSpec& notional) {
    switch (notional.rule) {
        case NotionalRule::Fixed: return notional.amount;
        case NotionalRule::TargetMinDscr: return {{"target_min_dscr", notional.targetMinDscr}};
        case NotionalRule::FundCapitalCosts:
        case NotionalRule::FundOneOffCosts: return name(notional.rule);
    }
    return nullptr;
}

json bondJson(const BondSpec& bond) {
    json out = json::object();
    out["notional"] = notionalJson(bond.notional);
    out["size_rounding"] = bond.sizeRounding;
    out["issue_date"] = bond.issueDate.iso();
    if (bond.maturity)
        out["maturity"] = bond.maturity->iso();
    else
        out["tenor_years"] = bond.tenorYears;
    if (bond.coupon.fromGilt)
        out["coupon"] = {{"gilt_yield", bond.coupon.giltYield}, {"margin", bond.coupon.margin}};
    else
        out["coupon"] = bond.coupon.rate;
    out["frequency"] = finance::name(bond.frequency);
    out["day_count"] = finance::name(bond.dayCount);
    out["calendar"] = finance::name(bond.calendar);
    out["payment_convention"] = finance::name(bond.paymentConvention);
    if (bond.amortization == finance::AmortizationType::Custom ||
        bond.amortization == finance::AmortizationType::CustomFractions)
        out["amortization"] = {{finance::name(bond.amortization), numberArray(bond.custom)}};
    else
        out["amortization"] = finance::name(bond.amortization);
    out["interest_only_years"] = bond.interestOnlyYears;
    out["capitalised_interest_years"] = bond.capitalisedInterestYears;
    out["issue_price"] = bond.issuePrice;
    out["issuance_costs"] = {{"percent", bond.issuanceCostPercent}, {"fixed", bond.issuanceCostFixed}};
    out["annual_fees"] = bond.annualFees;
    out["structure"] = name(bond.structure);
    if (bond.structure == Structure::SavingsLinked) {
        json linked = {{"savings_share", bond.savingsLinked.savingsShare},
                       {"council_guarantee", bond.savingsLinked.councilGuarantee}};
        if (bond.savingsLinked.capMultiple) linked["cap_multiple"] = *bond.savingsLinked.capMultiple;
        out["savings_linked"] = std::move(linked);
    }
    out["reserve_months"] = bond.reserveMonths;
    return out;
}

json discountingJson(const finance::Discounting& discounting) {
    json out = {{"method", finance::name(discounting.method)}, {"inflation", discounting.inflation}};
    if (discounting.method == finance::DiscountMethod::Flat) out["rate"] = discounting.rate;
    if (discounting.method == finance::DiscountMethod::Curve) {
        json points = json::array();
        for (const auto& point : discounting.points) points.push_back(json::array({point.year, point.zeroRate}));
        out["points"] = std::move(points);
    }
    return out;
}

json distributionJson(const Distribution& d) {
    json out = {{"distribution", name(d.kind)}};
    switch (d.kind) {
        case DistributionKind::Fixed: out["value"] = d.value; break;
        case DistributionKind::Uniform:
            out["min"] = d.min;
            out["max"] = d.max;
            break;
        case DistributionKind::Triangular:
        case DistributionKind::Pert:
            out["min"] = d.min;
            out["mode"] = d.mode;
            out["max"] = d.max;
            break;
        case DistributionKind::Normal:
            out["mean"] = d.mean;
            out["sd"] = d.sd;
            break;
        case DistributionKind::Lognormal:
            out["mu"] = d.mu;
            out["sigma"] = d.sigma;
            break;
        case DistributionKind::Discrete:
            out["values"] = numberArray(d.values);
            out["probabilities"] = numberArray(d.probabilities);
            break;
    }
    return out;
}

json uncertaintyJson(const Uncertainty& u) {
    return {{"paths", u.paths},
            {"seed", u.seed},
            {"saving_rate_factor", distributionJson(u.savingRateFactor)},
            {"delay_years", distributionJson(u.delayYears)},
            {"one_off_cost_factor", distributionJson(u.oneOffCostFactor)},
            {"running_cost_factor", distributionJson(u.runningCostFactor)},
            {"expenditure_growth", distributionJson(u.expenditureGrowth)}};
}

json revenueStreamJson(const RevenueStream& stream) { return {{"amount", stream.amount}, {"growth", stream.growth}}; }

//! Written only when the input has the block, so a cash-only input keeps its canonical bytes.
json councilFinanceJson(const Scenario& scenario) {
    const CouncilFinance& cf = *scenario.councilFinance;
    json mrp = {{"method", name(cf.mrp.method)}};
    if (cf.mrp.assetLifeYears) mrp["asset_life_years"] = *cf.mrp.assetLifeYears;
    if (cf.mrp.annuityRate) mrp["annuity_rate"] = *cf.mrp.annuityRate;
    mrp["start"] = name(cf.mrp.start);
    json funding = json::array();
    for (const auto& item : cf.funding)
        funding.push_back({{"source", name(item.source)},
                           {"cost", scenario.programme.oneOffCosts.at(item.cost).name},
                           {"amount", item.amount}});
    json out = {{"jurisdiction", name(cf.jurisdiction)}, {"mrp", std::move(mrp)}, {"funding", std::move(funding)}};
    if (cf.netRevenueStream) out["net_revenue_stream"] = revenueStreamJson(*cf.netRevenueStream);
    if (cf.taxBase) out["tax_base"] = *cf.taxBase;
    if (cf.pwlb) out["pwlb"] = {{"gilt_yield", cf.pwlb->giltYield}, {"rate_type", name(cf.pwlb->rateType)}};
    if (cf.maxFinancingCostRatio) out["max_financing_cost_ratio"] = *cf.maxFinancingCostRatio;
    return out;
}

}  // namespace

json canonicalJson(const Scenario& scenario) {
    json partners = json::array();
    for (const auto& partner : scenario.partners) {
        json item = {{"name", partner.name}, {"savings_share", partner.savingsShare}, {"cost_share", partner.costShare}};
        if (partner.netRevenueStream) item["net_revenue_stream"] = revenueStreamJson(*partner.netRevenueStream);
        if (partner.taxBase) item["tax_base"] = *partner.taxBase;
        partners.push_back(std::move(item));
    }
    json out = {{"itsb", scenario.version},
            {"name", scenario.name},
            {"description", scenario.description},
            {"currency", scenario.currency},
            {"start_date", scenario.startDate.iso()},
            {"horizon_years", scenario.horizonYears},
            {"programme", programmeJson(scenario.programme)},
            {"partners", std::move(partners)},
            {"bond", bondJson(scenario.bond)},
            {"discounting", discountingJson(scenario.discounting)},
            {"rounding", {{"decimals", scenario.rounding.decimals}, {"mode", finance::name(scenario.rounding.mode)}}},
            {"uncertainty", uncertaintyJson(scenario.uncertainty)}};
    if (scenario.councilFinance) out["council_finance"] = councilFinanceJson(scenario);
    return out;
}

std::string sha256Hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 digest failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0x0F];
    }
    return hex;
}

std::string inputSha256(const Scenario& scenario) { return sha256Hex(canonicalJson(scenario).dump()); }

}  // namespace itsb::scenarios
