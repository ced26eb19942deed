#include "itsb/market/pricing.hpp"

#include "embedded_tables.hpp"
#include "itsb/finance/allocation.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <utility>

// A consortium priced as an invest-to-save bond. The input is written from the members'
// addressable spend and the benchmarks of market/data/pricing.json, read by the engine's own
// reader (so an override is checked as any input is) and evaluated by the engine; nothing here
// repeats the engine's arithmetic. The share rules then split the group's NPV after financing.
//
// Why cost shares can deliver any split (docs/MODEL.md §3.5, and the partner tables of
// scenarios/src/engine/evaluation.cpp): a partner's council flow is
//   N_k = gross_k x savings_share - (running_k + one_off_k + fees_k + debt_service_k
//                                    - net_proceeds_k - reserve_k) x cost_share,
// gross savings (and the baseline) being split by savings share and every other column by
// cost share. So partner i's NPV after financing is s_i PVsav - c_i PVcost, with
// PVsav = sum_k gross_k DF_k and PVcost = PVsav - v (v the group's NPV after financing), up to
// the pennies of the largest-remainder split of each rounded column. For an allocation x_i,
// c_i = (s_i PVsav - x_i) / PVcost; the c_i sum to 1 whenever the x_i sum to v.

namespace itsb::market {

std::string_view name(ShareRule rule) {
    switch (rule) {
    case ShareRule::Equal: return "equal";
    case ShareRule::Spend: return "spend";
    case ShareRule::Shapley: return "shapley";
    case ShareRule::Nucleolus: return "nucleolus";
    }
    return "";
}

std::optional<ShareRule> shareRuleNamed(std::string_view text) {
    for (ShareRule rule : {ShareRule::Equal, ShareRule::Spend, ShareRule::Shapley, ShareRule::Nucleolus})
        if (name(rule) == text) return rule;
    return std::nullopt;
}

namespace {

using nlohmann::json;

constexpr std::size_t kSmallestGroup = 2;
constexpr std::size_t kLargestGroup = 6;  // 2^6 - 1 sub-groups: the Shapley value stays exact and quick
constexpr int kShareDecimals = 6;         // shares written into the input
// The description's last words: the cost shares by addressable spend, or those of a rule.
constexpr std::string_view kSpendCostShares = ", and so are cost shares.";

struct OneOffBenchmark {
    std::string name;
    std::string kind;
    int year = 0;
    double multiple = 0.0;  //!< of the full annual saving
};

struct RunningBenchmark {
    std::string name;
    int fromYear = 1;
    double share = 0.0;  //!< of the full annual saving
    double escalation = 0.0;
};

//! market/data/pricing.json, read once.
struct Benchmarks {
    std::string startDate;
    int horizonYears = 0;
    int amountDecimals = 0;
    double expenditureGrowth = 0.0;
    double addressableShare = 1.0;
    json ramp;
    double savingsOptimismBias = 0.0;
    std::vector<OneOffBenchmark> oneOffCosts;
    std::vector<RunningBenchmark> runningCosts;
    double costOptimismBias = 0.0;
    json bond;         //!< the input's bond block, issue date set
    json discounting;  //!< the input's discounting block
};

const json& valueOf(const json& entry, const char* key) { return entry.at(key).at("value"); }

const Benchmarks& benchmarks() {
    static const Benchmarks parsed = [] {
        const json file = json::parse(detail::embeddedTable("pricing"));
        Benchmarks b;
        b.startDate = valueOf(file, "start_date").get<std::string>();
        b.horizonYears = valueOf(file, "horizon_years").get<int>();
        b.amountDecimals = valueOf(file, "amount_decimals").get<int>();
        if (b.amountDecimals < 0 || b.amountDecimals > 2)
            throw std::runtime_error("pricing.json: amount_decimals must be 0, 1 or 2");
        const json& programme = file.at("programme");
        b.expenditureGrowth = valueOf(programme, "expenditure_growth").get<double>();
        const json& line = programme.at("service_line");
        b.addressableShare = valueOf(line, "addressable_share").get<double>();
        b.ramp = valueOf(line, "ramp");
        b.savingsOptimismBias = valueOf(programme, "savings_optimism_bias").get<double>();
        for (const json& cost : programme.at("one_off_costs"))
            b.oneOffCosts.push_back({cost.at("name").get<std::string>(), cost.at("kind").get<std::string>(),
                                     cost.at("year").get<int>(), cost.at("multiple_of_annual_saving").get<double>()});
        for (const json& cost : programme.at("running_costs"))
            b.runningCosts.push_back({cost.at("name").get<std::string>(), cost.at("from_year").get<int>(),
                                      cost.at("share_of_annual_saving").get<double>(),
                                      cost.at("escalation").get<double>()});
        b.costOptimismBias = valueOf(programme, "cost_optimism_bias").get<double>();
        const json& bond = file.at("bond");
        const json& coupon = bond.at("coupon");
        b.bond = {{"notional", valueOf(bond, "notional")},
                  {"size_rounding", valueOf(bond, "size_rounding")},
                  {"issue_date", b.startDate},
                  {"tenor_years", valueOf(bond, "tenor_years")},
                  {"coupon", {{"gilt_yield", valueOf(coupon, "gilt_yield")}, {"margin", valueOf(coupon, "margin")}}},
                  {"frequency", valueOf(bond, "frequency")},
                  {"day_count", valueOf(bond, "day_count")},
                  {"calendar", valueOf(bond, "calendar")},
                  {"payment_convention", valueOf(bond, "payment_convention")},
                  {"amortization", valueOf(bond, "amortization")}};
        const json& discounting = file.at("discounting");
        b.discounting = {{"method", valueOf(discounting, "method")}, {"inflation", valueOf(discounting, "inflation")}};
        return b;
    }();
    return parsed;
}

std::string_view name(RateCase rateCase) { return rateCase == RateCase::Best ? "best" : "likely"; }

//! "back_office" -> "back office"
std::string serviceWords(std::string_view service) {
    std::string words(service);
    std::replace(words.begin(), words.end(), '_', ' ');
    return words;
}

//! "A", "A and B", "A, B and C"
std::string listed(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
        out += items[i];
    }
    return out;
}

//! Whole pounds with thousands separators: "£1,234,567", "-£12,345".
std::string pounds(double amount) {
    const long long whole = std::llround(std::abs(amount));
    std::string digits = std::to_string(whole);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
    return (amount < 0.0 && whole != 0 ? "-£" : "£") + digits;
}

std::string decimal(double value, int places) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", places, value);
    return buffer;
}

//! Weights as decimals of `kShareDecimals` places summing to exactly 1 in those units (largest
//! remainder, the engine's own split), so the reader's sum check (1 +- 1e-9) always passes.
std::vector<double> roundedShares(const std::vector<double>& weights) {
    double total = 0.0;
    for (double w : weights) total += w;
    std::vector<double> shares;
    for (double w : weights) shares.push_back(w / total);
    return finance::allocateLargestRemainder(1.0, shares, finance::Rounding{kShareDecimals, finance::RoundingMode::HalfUp});
}

//! A rounded amount as the input writes it: a whole number of pounds as an integer (2607143, not
//! 2607143.0).
json amountJson(double amount) {
    if (amount == std::floor(amount) && std::abs(amount) < 9e15) return static_cast<std::int64_t>(amount);
    return amount;
}

void checkGroup(const CouncilData& data, const std::vector<std::size_t>& members, std::string_view service) {
    if (members.size() < kSmallestGroup || members.size() > kLargestGroup)
        throw std::invalid_argument("a priced group has " + std::to_string(kSmallestGroup) + " to " +
                                    std::to_string(kLargestGroup) + " councils, got " + std::to_string(members.size()));
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (members[i] >= data.councils().size())
            throw std::invalid_argument("no council has index " + std::to_string(members[i]));
        for (std::size_t j = 0; j < i; ++j)
            if (members[j] == members[i])
                throw std::invalid_argument(data.councils()[members[i]].name + " is in the group twice");
    }
    const auto& services = data.services();
    if (std::find(services.begin(), services.end(), service) == services.end())
        throw std::invalid_argument("unknown service \"" + std::string(service) + "\"");
}

double groupSpend(const CouncilData& data, const std::vector<std::size_t>& members, std::string_view service) {
    double total = 0.0;
    for (std::size_t i : members) total += data.addressableSpend(i, service);
    return total;
}

std::vector<scenarios::Override> parseSets(const std::vector<std::string>& sets) {
    std::vector<scenarios::Override> overrides;
    for (const auto& set : sets) {
        const auto equals = set.find('=');
        if (equals == std::string::npos || set.empty() || set.front() != '/')
            throw scenarios::OverrideError("--set " + set + ": expected /json/pointer=VALUE");
        overrides.push_back({set.substr(0, equals), set.substr(equals + 1)});
    }
    return overrides;
}

struct Evaluated {
    json input;  //!< with the overrides applied
    scenarios::Evaluation evaluation;
};

Evaluated evaluateGroup(const CouncilData& data, const std::vector<std::size_t>& members, std::string_view service,
                        RateCase rateCase, const std::vector<scenarios::Override>& overrides, bool partners) {
    Evaluated out;
    out.input = groupInput(data, members, service, rateCase);
    scenarios::applyOverrides(out.input, overrides);
    // Only the table's metrics are needed: no bond risk figures, XIRRs, hash or warnings.
    scenarios::EvaluateOptions options = scenarios::EvaluateOptions::tableOnly();
    options.partners = partners;
    out.evaluation = scenarios::evaluate(scenarios::buildScenario(out.input), options);
    return out;
}

GroupPrice priceOf(const scenarios::Evaluation& ev) {
    GroupPrice price;
    const scenarios::Programme& programme = ev.scenario.programme;
    for (const auto& line : programme.serviceLines)
        price.annualSaving += programme.baselineExpenditure * line.addressableShare * line.savingRate;
    price.notional = ev.metrics.notional;
    const scenarios::TableMetrics& table = ev.metrics.table;
    price.npvAfterFinancing = table.npvAfterFinancing;
    price.breakEvenYear = table.breakEvenYear;
    price.breakEvenFiscalYear = table.breakEvenFiscalYear;
    price.projectIrr = table.projectIrr;
    price.minDscr = table.minDscr.value_or(0.0);
    return price;
}

}  // namespace

json groupInput(const CouncilData& data, const std::vector<std::size_t>& members, std::string_view service,
                RateCase rateCase) {
    checkGroup(data, members, service);
    const Benchmarks& b = benchmarks();
    const auto rate = data.savingRate(service, rateCase, members.size());
    if (!rate)
        throw std::invalid_argument("no " + std::string(name(rateCase)) + " saving rate for " + serviceWords(service) +
                                    " in a group of " + std::to_string(members.size()));

    std::vector<double> spend;
    std::vector<std::string> names, labels;
    for (std::size_t i : members) {
        const Council& council = data.councils()[i];
        spend.push_back(data.addressableSpend(i, service));
        names.push_back(council.name);
        labels.push_back(council.name + " (" + council.gss + ")");
    }
    const double baseline = groupSpend(data, members, service);
    if (!(baseline > 0.0))
        throw std::invalid_argument(listed(names) + " have no addressable spend on " + serviceWords(service));
    const double annualSaving = *rate * baseline;
    const finance::Rounding amounts{b.amountDecimals, finance::RoundingMode::HalfUp};

    json oneOff = json::array();
    for (const auto& cost : b.oneOffCosts)
        oneOff.push_back({{"name", cost.name},
                          {"year", cost.year},
                          {"amount", amountJson(amounts(cost.multiple * annualSaving))},
                          {"kind", cost.kind}});
    json running = json::array();
    for (const auto& cost : b.runningCosts)
        running.push_back({{"name", cost.name},
                           {"from_year", cost.fromYear},
                           {"amount", amountJson(amounts(cost.share * annualSaving))},
                           {"escalation", cost.escalation}});

    std::string serviceName = serviceWords(service);
    serviceName.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(serviceName.front())));

    const std::vector<double> shares = roundedShares(spend);
    json partners = json::array();
    for (std::size_t m = 0; m < members.size(); ++m)
        partners.push_back({{"name", names[m]}, {"savings_share", shares[m]}, {"cost_share", shares[m]}});

    json input;
    input["itsb"] = 1;
    input["name"] = listed(names) + ": shared " + serviceWords(service);
    input["description"] =
        "Written by `itsb market price` from the market place's data and benchmarks (market/data: 2017-18 "
        "addressable spend, saving rates by group size, pricing.json): " +
        listed(labels) + " share " + serviceWords(service) + " at the " + std::string(name(rateCase)) +
        " saving rate for a group of " + std::to_string(members.size()) + " (" + decimal(*rate * 100.0, 4) +
        " % of addressable spend). The baseline is their addressable spend of 2017-18, not uprated; costs are the "
        "stated benchmarks as multiples of the full annual saving; savings shares by addressable spend" +
        std::string(kSpendCostShares);
    input["currency"] = "GBP";
    input["start_date"] = b.startDate;
    input["horizon_years"] = b.horizonYears;
    input["programme"] = {
        {"baseline_expenditure", amountJson(baseline)},
        {"expenditure_growth", b.expenditureGrowth},
        {"service_lines",
         json::array({{{"name", serviceName},
                       {"addressable_share", b.addressableShare},
                       {"saving_rate", *rate},
                       {"ramp", b.ramp}}})},
        {"savings_optimism_bias", b.savingsOptimismBias},
        {"one_off_costs", std::move(oneOff)},
        {"running_costs", std::move(running)},
        {"cost_optimism_bias", b.costOptimismBias}};
    input["partners"] = std::move(partners);
    input["bond"] = b.bond;
    input["discounting"] = b.discounting;
    return input;
}

GroupPrice priceGroup(const CouncilData& data, const std::vector<std::size_t>& members, std::string_view service,
                      const PricingOptions& options) {
    const auto overrides = parseSets(options.sets);
    return priceOf(evaluateGroup(data, members, service, options.rateCase, overrides, false).evaluation);
}

PricedConsortium priceConsortium(const CouncilData& data, const std::vector<std::size_t>& members,
                                 std::string_view service, ShareRule rule, const PricingOptions& options) {
    checkGroup(data, members, service);
    const auto overrides = parseSets(options.sets);
    const std::size_t n = members.size();
    const std::uint32_t everyone = (1u << n) - 1u;

    PricedConsortium out;
    out.members = members;
    out.service = std::string(service);
    out.rule = rule;
    out.game.players = n;
    out.game.value.assign(std::size_t{1} << n, 0.0);

    // Every sub-group of two or more priced on its own input (its own rate, costs and bond); a
    // council alone shares nothing (rate(1) = 0), so its value is 0 without an evaluation, as is
    // a sub-group with no addressable spend on the service.
    std::optional<Evaluated> whole;
    for (std::uint32_t mask = 1; mask <= everyone; ++mask) {
        if (std::popcount(mask) < 2) continue;
        std::vector<std::size_t> sub;
        for (std::size_t i = 0; i < n; ++i)
            if ((mask >> i) & 1u) sub.push_back(members[i]);
        if (mask == everyone) {
            whole = evaluateGroup(data, sub, service, options.rateCase, overrides, rule == ShareRule::Spend);
            out.game.value[mask] = whole->evaluation.metrics.table.npvAfterFinancing;
        } else if (groupSpend(data, sub, service) > 0.0) {
            out.game.value[mask] =
                evaluateGroup(data, sub, service, options.rateCase, overrides, false).evaluation.metrics.table.npvAfterFinancing;
        }
    }
    out.price = priceOf(whole->evaluation);
    out.input = std::move(whole->input);

    const double v = out.game.value[everyone];
    const std::vector<double> phi = shapley(out.game);
    std::vector<double> savingsShares;
    for (const auto& partner : whole->evaluation.scenario.partners) savingsShares.push_back(partner.savingsShare);

    std::vector<double> allocation(n);
    switch (rule) {
    case ShareRule::Equal:
        std::fill(allocation.begin(), allocation.end(), v / static_cast<double>(n));
        break;
    case ShareRule::Spend:
        for (std::size_t i = 0; i < n; ++i) allocation[i] = v * savingsShares[i];
        break;
    case ShareRule::Shapley: allocation = phi; break;
    case ShareRule::Nucleolus: allocation = nucleolus(out.game); break;
    }

    std::vector<double> costShares = savingsShares;
    scenarios::Evaluation evaluation = std::move(whole->evaluation);
    if (rule != ShareRule::Spend) {
        double pvSavings = 0.0;
        for (const auto& row : evaluation.annual) pvSavings += row.grossSavings * row.discountFactor;
        const double pvCosts = pvSavings - v;
        if (!(pvCosts > 0.0))
            throw std::domain_error("the " + std::string(name(rule)) + " rule cannot be delivered by cost shares: the " +
                                    "group's costs net of its borrowing are " + pounds(pvCosts) +
                                    " in present value, nothing to share");
        std::vector<double> exact(n);
        for (std::size_t i = 0; i < n; ++i) {
            exact[i] = (savingsShares[i] * pvSavings - allocation[i]) / pvCosts;
            const std::string& council = data.councils()[members[i]].name;
            if (exact[i] < -1e-9)
                throw std::domain_error("the " + std::string(name(rule)) + " rule gives " + council + " " +
                                        pounds(allocation[i]) + ", more than its savings carry (cost share would be " +
                                        decimal(exact[i], 4) + ")");
            if (exact[i] > 1.0 + 1e-9)
                throw std::domain_error("the " + std::string(name(rule)) + " rule gives " + council + " " +
                                        pounds(allocation[i]) +
                                        ", less than its savings less all of the group's costs (cost share would be " +
                                        decimal(exact[i], 4) + ")");
            exact[i] = std::clamp(exact[i], 0.0, 1.0);
        }
        // They sum to 1 up to the rounding of the allocation's own sum (a linear programme's
        // tolerance for the nucleolus); the split to six places wants 1 within 1e-8.
        double exactSum = 0.0;
        for (double c : exact) exactSum += c;
        for (double& c : exact) c /= exactSum;
        costShares = finance::allocateLargestRemainder(
            1.0, exact, finance::Rounding{kShareDecimals, finance::RoundingMode::HalfUp});
        for (std::size_t i = 0; i < n; ++i) out.input.at("partners").at(i)["cost_share"] = costShares[i];
        // Say so in the description, unless an override has rewritten it.
        if (auto& description = out.input.at("description"); description.is_string()) {
            std::string text = description.get<std::string>();
            const std::size_t at = text.rfind(kSpendCostShares);
            if (at != std::string::npos && at + kSpendCostShares.size() == text.size()) {
                text.replace(at, std::string::npos,
                             "; cost shares such that each council's NPV after financing is its " +
                                 std::string(name(rule)) + " share of the group's.");
                description = text;
            }
        }
        scenarios::EvaluateOptions withPartners = scenarios::EvaluateOptions::tableOnly();
        withPartners.partners = true;
        evaluation = scenarios::evaluate(scenarios::buildScenario(out.input), withPartners);
    }

    for (std::size_t i = 0; i < n; ++i) {
        MemberShare share;
        share.council = members[i];
        share.savingsShare = savingsShares[i];
        share.costShare = costShares[i];
        share.allocation = allocation[i];
        share.shapley = phi[i];
        share.npvAfterFinancing = evaluation.partners.at(i).metrics.npvAfterFinancing;
        out.shares.push_back(share);
    }
    out.coreViolations = coreViolations(out.game, allocation, 1.0);
    return out;
}

}  // namespace itsb::market
