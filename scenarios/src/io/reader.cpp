#include "scenario_reader.hpp"

#include "checker.hpp"
#include "input_keys.hpp"
#include "ranges.hpp"

#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

// Validation of a version-1 input (SPEC §8, §9 "Input rules") into a Scenario. Every
// problem is collected, each once, before anything is returned: the Checker (checker.hpp)
// does the typed checks, the ScenarioReader (scenario_reader.hpp) walks the document.

namespace itsb::scenarios {

std::string_view name(RampShape shape) { return shape == RampShape::SCurve ? "s_curve" : "linear"; }

std::string_view name(CostKind kind) { return kind == CostKind::Revenue ? "revenue" : "capital"; }

std::string_view name(NotionalRule rule) {
    switch (rule) {
        case NotionalRule::Fixed: return "fixed";
        case NotionalRule::FundCapitalCosts: return "fund_capital_costs";
        case NotionalRule::FundOneOffCosts: return "fund_one_off_costs";
        case NotionalRule::TargetMinDscr: return "target_min_dscr";
    }
    return "?";
}

std::string_view name(Structure structure) {
    return structure == Structure::SavingsLinked ? "savings_linked" : "general_obligation";
}

std::string_view name(DistributionKind kind) {
    switch (kind) {
        case DistributionKind::Fixed: return "fixed";
        case DistributionKind::Uniform: return "uniform";
        case DistributionKind::Triangular: return "triangular";
        case DistributionKind::Pert: return "pert";
        case DistributionKind::Normal: return "normal";
        case DistributionKind::Lognormal: return "lognormal";
        case DistributionKind::Discrete: return "discrete";
    }
    return "?";
}


namespace detail {

std::string formatSum(double x) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.12g", x);
    return buffer;
}

void ScenarioReader::read(const json& document) {
    if (!document.is_object()) {
        check_.add("", &document, "the input must be a JSON object");
        return;
    }
    check_.unknownKeys(document, "", kTopKeys);
    readHeader(document);
    readProgramme(document);
    readPartners(document);
    readBond(document);
    readDiscounting(document);
    readRounding(document);
    readUncertainty(document);
    readCouncilFinance(document);
}

IntRange ScenarioReader::yearRange(std::int64_t lo) const {
    if (!horizon_) return {lo, kMaxHorizon, {}};
    return {lo, *horizon_, "must be between " + std::to_string(lo) + " and horizon_years (" +
                               std::to_string(*horizon_) + ")"};
}

void ScenarioReader::readHeader(const json& doc) {
    if (const json* version = check_.required(doc, "", "itsb")) {
        if (!version->is_number() || version->get<double>() != 1.0)
            check_.add("/itsb", version, "must be 1 (the input format version)");
    }
    s_.version = 1;
    s_.name = orDefault(check_.string(doc, "", "name", std::string()));
    s_.description = orDefault(check_.string(doc, "", "description", std::string()));
    if (const json* currency = Checker::find(doc, "currency")) {
        const bool ok = currency->is_string() && currency->get_ref<const std::string&>().size() == 3 &&
                        std::all_of(currency->get_ref<const std::string&>().begin(),
                                    currency->get_ref<const std::string&>().end(),
                                    [](char c) { return c >= 'A' && c <= 'Z'; });
        if (ok)
            s_.currency = currency->get<std::string>();
        else
            check_.add("/currency", currency, "must be a 3-letter upper-case currency code (ISO 4217)");
    }
    start_ = check_.date(doc, "", "start_date");
    if (start_) s_.startDate = *start_;
    horizonValue_ = Checker::find(doc, "horizon_years");
    horizon_ = check_.smallInteger(doc, "", "horizon_years", {1, kMaxHorizon, {}}, std::nullopt);
    if (horizon_) {
        s_.horizonYears = *horizon_;
        if (start_) {
            try {
                horizonEnd_ = start_->plusYears(*horizon_);
            } catch (const std::out_of_range&) {
                check_.add("/horizon_years", horizonValue_,
                           "must keep start_date + horizon_years on or before " + Date::maxDate().iso());
            }
        }
    }
}

// ---- programme ---- ---------------------------------------------------------------------

void ScenarioReader::readProgramme(const json& doc) {
    const json* p = check_.required(doc, "", "programme");
    const std::string ptr = "/programme";
    if (p == nullptr || !check_.object(*p, ptr, kProgrammeKeys)) return;
    Programme& programme = s_.programme;

    programme.baselineExpenditure =
        orDefault(check_.number(*p, ptr, "baseline_expenditure", aboveUpTo(0, kMaxMoney), std::nullopt));
    expenditureGrowth_ = check_.number(*p, ptr, "expenditure_growth", closed(-0.5, 0.5), 0.0);
    programme.expenditureGrowth = orDefault(expenditureGrowth_);

    if (const json* lines = check_.required(*p, ptr, "service_lines")) {
        const std::string linesPtr = ptr + "/service_lines";
        if (check_.array(*lines, linesPtr) && check_.count(*lines, linesPtr, 1, kMaxServiceLines)) {
            bool sharesValid = true;
            double shareSum = 0.0;
            for (std::size_t i = 0; i < lines->size(); ++i) {
                auto share = readServiceLine(lines->at(i), childPointer(linesPtr, i), i);
                if (share)
                    shareSum += *share;
                else
                    sharesValid = false;
            }
            if (sharesValid && shareSum > 1.0 + kShareTolerance)
                check_.addText(linesPtr, formatSum(shareSum), "addressable shares must sum to at most 1");
        }
    }

    programme.savingsOptimismBias =
        orDefault(check_.number(*p, ptr, "savings_optimism_bias", fromBelow(0, 1), 0.0));

    if (const json* costs = Checker::find(*p, "one_off_costs")) {
        const std::string costsPtr = ptr + "/one_off_costs";
        if (check_.array(*costs, costsPtr) && check_.count(*costs, costsPtr, 0, kMaxCostItems))
            for (std::size_t i = 0; i < costs->size(); ++i)
                readOneOffCost(costs->at(i), childPointer(costsPtr, i), i);
    }
    if (const json* costs = Checker::find(*p, "running_costs")) {
        const std::string costsPtr = ptr + "/running_costs";
        if (check_.array(*costs, costsPtr) && check_.count(*costs, costsPtr, 0, kMaxCostItems))
            for (std::size_t i = 0; i < costs->size(); ++i)
                readRunningCost(costs->at(i), childPointer(costsPtr, i), i);
    }
    programme.costOptimismBias = orDefault(check_.number(*p, ptr, "cost_optimism_bias", closed(0, 5), 0.0));
}

//! Returns the addressable share when valid.
std::optional<double> ScenarioReader::readServiceLine(const json& value, const std::string& ptr, std::size_t index) {
    if (!check_.object(value, ptr, kServiceLineKeys)) return std::nullopt;
    ServiceLine line;
    line.name = orDefault(check_.string(value, ptr, "name", "Service line " + std::to_string(index + 1)));
    auto share = check_.number(value, ptr, "addressable_share", closed(0, 1), std::nullopt);
    line.addressableShare = orDefault(share);
    line.savingRate = orDefault(check_.number(value, ptr, "saving_rate", closed(0, 1), std::nullopt));
    if (const json* ramp = Checker::find(value, "ramp")) line.ramp = readRamp(*ramp, ptr + "/ramp");
    s_.programme.serviceLines.push_back(std::move(line));
    return share;
}

Ramp ScenarioReader::readRamp(const json& value, const std::string& ptr) {
    Ramp ramp;
    if (!check_.object(value, ptr, kRampKeys)) return ramp;
    const IntRange delayRange =
        horizon_ ? IntRange{0, *horizon_ - 1,
                            "must be at least 0 and less than horizon_years (" + std::to_string(*horizon_) + ")"}
                 : IntRange{0, kMaxHorizon - 1, {}};
    ramp.delayYears = orDefault(check_.smallInteger(value, ptr, "delay_years", delayRange, 0));

    const json* fractions = Checker::find(value, "fractions");
    if (fractions != nullptr &&
        (Checker::find(value, "years_to_full") != nullptr || Checker::find(value, "shape") != nullptr)) {
        check_.add(ptr, nullptr, "fractions cannot be combined with years_to_full or shape");
        return ramp;
    }
    if (fractions != nullptr) {
        const std::string fractionsPtr = ptr + "/fractions";
        const std::int64_t most = horizon_ ? *horizon_ : kMaxHorizon;
        const std::string mostText =
            horizon_ ? "horizon_years (" + std::to_string(*horizon_) + ")" : std::string();
        if (check_.array(*fractions, fractionsPtr) && check_.count(*fractions, fractionsPtr, 1, most, mostText))
            ramp.fractions = orDefault(check_.numbers(*fractions, fractionsPtr, closed(0, 1)));
        return ramp;
    }
    ramp.yearsToFull = orDefault(check_.smallInteger(value, ptr, "years_to_full", {0, 100, {}}, 0));
    ramp.shape = orDefault(check_.choice(value, ptr, "shape", kRampShapes, RampShape::Linear));
    return ramp;
}

void ScenarioReader::readOneOffCost(const json& value, const std::string& ptr, std::size_t index) {
    if (!check_.object(value, ptr, kOneOffKeys)) return;
    OneOffCost cost;
    cost.name = orDefault(check_.string(value, ptr, "name", "One-off cost " + std::to_string(index + 1)));
    cost.year = orDefault(check_.smallInteger(value, ptr, "year", yearRange(0), std::nullopt));
    cost.amount = orDefault(check_.number(value, ptr, "amount", closed(0, kMaxMoney), std::nullopt));
    cost.kind = orDefault(check_.choice(value, ptr, "kind", kCostKinds, CostKind::Capital));
    if (const json* life = Checker::find(value, "asset_life_years")) {
        const std::string lifePtr = ptr + "/asset_life_years";
        needCouncilFinance_.emplace_back(lifePtr, life);
        if (cost.kind == CostKind::Revenue)
            check_.add(lifePtr, life, "only a capital cost has an asset life (this cost's kind is \"revenue\")");
        else if (const auto years = check_.integerValue(*life, lifePtr, {1, 50, {}}))
            cost.assetLifeYears = static_cast<int>(*years);
    }
    s_.programme.oneOffCosts.push_back(std::move(cost));
}

void ScenarioReader::readRunningCost(const json& value, const std::string& ptr, std::size_t index) {
    if (!check_.object(value, ptr, kRunningKeys)) return;
    RunningCost cost;
    cost.name = orDefault(check_.string(value, ptr, "name", "Running cost " + std::to_string(index + 1)));
    cost.fromYear = orDefault(check_.smallInteger(value, ptr, "from_year", yearRange(1), std::nullopt));
    cost.amount = orDefault(check_.number(value, ptr, "amount", closed(0, kMaxMoney), std::nullopt));
    cost.escalation = orDefault(check_.number(value, ptr, "escalation", closed(-0.5, 1), 0.0));
    s_.programme.runningCosts.push_back(std::move(cost));
}

// ---- partners ---- ----------------------------------------------------------------------

void ScenarioReader::readPartners(const json& doc) {
    const json* partners = Checker::find(doc, "partners");
    const std::string ptr = "/partners";
    if (partners == nullptr || !check_.array(*partners, ptr) || !check_.count(*partners, ptr, 0, kMaxPartners))
        return;

    std::map<std::string, std::size_t> seen;
    bool allValid = true, anySplit = false;
    double savingsSum = 0.0, costSum = 0.0;
    for (std::size_t i = 0; i < partners->size(); ++i) {
        const json& value = partners->at(i);
        const std::string partnerPtr = childPointer(ptr, i);
        if (!check_.object(value, partnerPtr, kPartnerKeys)) {
            allValid = false;
            continue;
        }
        Partner partner;
        if (const json* nameValue = check_.required(value, partnerPtr, "name")) {
            const std::string namePtr = partnerPtr + "/name";
            if (!nameValue->is_string() || nameValue->get_ref<const std::string&>().empty()) {
                check_.add(namePtr, nameValue, "must be a non-empty string");
            } else if (auto text = check_.stringValue(*nameValue, namePtr)) {
                partner.name = *text;
                auto [it, inserted] = seen.emplace(*text, i);
                if (!inserted)
                    check_.add(namePtr, nameValue,
                               "must be unique among partners (" + childPointer(ptr, it->second) +
                                   "/name has it too)");
            }
        }

        const bool hasShare = Checker::find(value, "share") != nullptr;
        const bool hasSplit =
            Checker::find(value, "savings_share") != nullptr || Checker::find(value, "cost_share") != nullptr;
        std::optional<double> savings, cost;
        if (hasShare && hasSplit) {
            check_.add(partnerPtr, nullptr, "give share, or savings_share and cost_share, not both");
        } else if (hasShare) {
            savings = cost = check_.number(value, partnerPtr, "share", closed(0, 1), std::nullopt);
        } else if (hasSplit) {
            anySplit = true;
            savings = check_.number(value, partnerPtr, "savings_share", closed(0, 1), std::nullopt);
            cost = check_.number(value, partnerPtr, "cost_share", closed(0, 1), std::nullopt);
        } else {
            check_.add(partnerPtr + "/share", nullptr, "is required (or savings_share and cost_share)");
        }
        if (const json* stream = Checker::find(value, "net_revenue_stream")) {
            needCouncilFinance_.emplace_back(partnerPtr + "/net_revenue_stream", stream);
            partner.netRevenueStream = readRevenueStream(*stream, partnerPtr + "/net_revenue_stream");
        }
        if (const json* base = Checker::find(value, "tax_base")) {
            needCouncilFinance_.emplace_back(partnerPtr + "/tax_base", base);
            partner.taxBase = check_.numberValue(*base, partnerPtr + "/tax_base", aboveUpTo(0, 1e9));
        }
        if (savings && cost) {
            partner.savingsShare = *savings;
            partner.costShare = *cost;
            savingsSum += *savings;
            costSum += *cost;
        } else {
            allValid = false;
        }
        s_.partners.push_back(std::move(partner));
    }

    if (!allValid || partners->empty()) return;
    if (!anySplit) {
        if (std::abs(savingsSum - 1.0) > kShareTolerance)
            check_.addText(ptr, formatSum(savingsSum), "shares must sum to 1");
        return;
    }
    if (std::abs(savingsSum - 1.0) > kShareTolerance)
        check_.addText(ptr, formatSum(savingsSum), "savings shares must sum to 1");
    if (std::abs(costSum - 1.0) > kShareTolerance)
        check_.addText(ptr, formatSum(costSum), "cost shares must sum to 1");
}

// ---- discounting, rounding ---- ---------------------------------------------------------

void ScenarioReader::readDiscounting(const json& doc) {
    const json* d = Checker::find(doc, "discounting");
    const std::string ptr = "/discounting";
    if (d == nullptr || !check_.object(*d, ptr, kDiscountingKeys)) return;
    finance::Discounting& discounting = s_.discounting;
    const auto method = check_.choice(*d, ptr, "method", kDiscountMethods, DiscountMethod::GreenBook);
    discounting.method = orDefault(method, DiscountMethod::GreenBook);
    discounting.inflation = orDefault(check_.number(*d, ptr, "inflation", aboveUpTo(-0.5, 1), 0.0));

    if (const json* rate = Checker::find(*d, "rate"); rate != nullptr && method && *method != DiscountMethod::Flat) {
        check_.add(ptr + "/rate", nullptr, "is only allowed with method \"flat\"");
    } else if (rate != nullptr || method == DiscountMethod::Flat) {
        discounting.rate = orDefault(check_.number(*d, ptr, "rate", aboveUpTo(-0.5, 1), std::nullopt));
    }

    const json* points = Checker::find(*d, "points");
    if (points != nullptr && method && *method != DiscountMethod::Curve) {
        check_.add(ptr + "/points", nullptr, "is only allowed with method \"curve\"");
        return;
    }
    if (points == nullptr) {
        if (method == DiscountMethod::Curve) check_.add(ptr + "/points", nullptr, "is required");
        return;
    }
    const std::string pointsPtr = ptr + "/points";
    if (!check_.array(*points, pointsPtr) ||
        !check_.count(*points, pointsPtr, 1, kMaxCurvePoints))
        return;
    bool hasPrevious = false;  // the previous point's year, when valid
    double previousYear = 0.0;
    for (std::size_t i = 0; i < points->size(); ++i) {
        const json& point = points->at(i);
        const std::string pointPtr = childPointer(pointsPtr, i);
        if (!point.is_array() || point.size() != 2) {
            check_.add(pointPtr, &point, "must be a [year, zero_rate] pair");
            hasPrevious = false;
            continue;
        }
        const Range yearRange =
            hasPrevious ? Range{previousYear, kInfinity, true, false,
                                "must be greater than the previous point's year " + boundText(previousYear)}
                        : atLeast(0);
        const auto year = check_.numberValue(point.at(0), pointPtr + "/0", yearRange);
        const auto zero = check_.numberValue(point.at(1), pointPtr + "/1", aboveUpTo(-0.5, 1));
        hasPrevious = year.has_value();
        previousYear = year.value_or(0.0);
        if (year && zero) discounting.points.push_back({*year, *zero});
    }
}

void ScenarioReader::readRounding(const json& doc) {
    const json* r = Checker::find(doc, "rounding");
    const std::string ptr = "/rounding";
    if (r == nullptr || !check_.object(*r, ptr, kRoundingKeys)) return;
    s_.rounding.decimals = orDefault(check_.smallInteger(*r, ptr, "decimals", {0, 6, {}}, 2));
    s_.rounding.mode = orDefault(check_.choice(*r, ptr, "mode", kRoundingModes, RoundingMode::HalfUp));
}

// ---- uncertainty ---- -------------------------------------------------------------------

void ScenarioReader::readUncertainty(const json& doc) {
    Uncertainty& u = s_.uncertainty;
    u.savingRateFactor = fixedAt(1.0);
    u.delayYears = fixedAt(0.0);
    u.oneOffCostFactor = fixedAt(1.0);
    u.runningCostFactor = fixedAt(1.0);
    u.expenditureGrowth = fixedAt(s_.programme.expenditureGrowth);

    const json* value = Checker::find(doc, "uncertainty");
    const std::string ptr = "/uncertainty";
    if (value == nullptr || !check_.object(*value, ptr, kUncertaintyKeys)) return;
    u.paths = orDefault(check_.integer(*value, ptr, "paths", {1, kMaxPaths, {}}, 10000));
    u.seed = static_cast<std::uint64_t>(orDefault(check_.integer(*value, ptr, "seed", {0, kMaxSeed, {}}, 0)));
    readDistribution(*value, ptr, "saving_rate_factor", true, u.savingRateFactor);
    readDistribution(*value, ptr, "delay_years", false, u.delayYears);
    readDistribution(*value, ptr, "one_off_cost_factor", true, u.oneOffCostFactor);
    readDistribution(*value, ptr, "running_cost_factor", true, u.runningCostFactor);
    readDistribution(*value, ptr, "expenditure_growth", false, u.expenditureGrowth);
}

Distribution ScenarioReader::fixedAt(double value) {
    Distribution d;
    d.kind = DistributionKind::Fixed;
    d.value = value;
    return d;
}

void ScenarioReader::readDistribution(const json& parent, const std::string& parentPtr, std::string_view key,
                                      bool factor, Distribution& out) {
    const json* value = Checker::find(parent, key);
    if (value == nullptr) return;
    const std::string ptr = childPointer(parentPtr, key);
    if (!value->is_object()) {
        check_.add(ptr, value, "must be an object such as {\"distribution\": \"fixed\", \"value\": 1}");
        return;
    }
    const auto kind = check_.choice(*value, ptr, "distribution", kDistributionKinds, std::nullopt);
    if (!kind) return;  // the other keys depend on the kind
    check_.unknownKeys(*value, ptr, distributionKeys(*kind));
    Distribution d;
    d.kind = *kind;
    auto num = [&](std::string_view field, const Range& range) {
        return check_.number(*value, ptr, field, range, std::nullopt);
    };
    switch (*kind) {
        case DistributionKind::Fixed:
            d.value = orDefault(num("value", factor ? atLeast(0) : anyNumber()));
            break;
        case DistributionKind::Uniform: {
            const auto lo = num("min", anyNumber());
            const auto hi = num("max", anyNumber());
            if (lo && hi && *lo > *hi)
                check_.add(ptr + "/max", &value->at("max"), "must be at least min (" + boundText(*lo) + ")");
            d.min = orDefault(lo);
            d.max = orDefault(hi);
            break;
        }
        case DistributionKind::Triangular:
        case DistributionKind::Pert: {
            const auto lo = num("min", anyNumber());
            const auto mode = num("mode", anyNumber());
            const auto hi = num("max", anyNumber());
            if (lo && hi && *lo >= *hi) {
                check_.add(ptr + "/max", &value->at("max"), "must be greater than min (" + boundText(*lo) + ")");
            } else if (lo && hi && mode && (*mode < *lo || *mode > *hi)) {
                check_.add(ptr + "/mode", &value->at("mode"),
                           "must be between min and max (" + boundText(*lo) + " and " + boundText(*hi) + ")");
            }
            d.min = orDefault(lo);
            d.mode = orDefault(mode);
            d.max = orDefault(hi);
            break;
        }
        case DistributionKind::Normal:
            d.mean = orDefault(num("mean", anyNumber()));
            d.sd = orDefault(num("sd", atLeast(0)));
            break;
        case DistributionKind::Lognormal:
            d.mu = orDefault(num("mu", anyNumber()));
            d.sigma = orDefault(num("sigma", atLeast(0)));
            break;
        case DistributionKind::Discrete:
            readDiscrete(*value, ptr, d);
            break;
    }
    out = std::move(d);
}

void ScenarioReader::readDiscrete(const json& value, const std::string& ptr, Distribution& d) {
    std::optional<std::vector<double>> values, probabilities;
    if (const json* list = check_.required(value, ptr, "values")) {
        const std::string listPtr = ptr + "/values";
        if (check_.array(*list, listPtr) && check_.count(*list, listPtr, 1, kMaxDiscreteValues))
            values = check_.numbers(*list, listPtr, anyNumber());
    }
    const std::string probabilitiesPtr = ptr + "/probabilities";
    if (const json* list = check_.required(value, ptr, "probabilities")) {
        if (check_.array(*list, probabilitiesPtr) && check_.count(*list, probabilitiesPtr, 1, kMaxDiscreteValues))
            probabilities = check_.numbers(*list, probabilitiesPtr, atLeast(0));
    }
    if (values) d.values = *values;
    if (probabilities) d.probabilities = *probabilities;
    if (!values || !probabilities) return;
    if (values->size() != probabilities->size()) {
        check_.addText(probabilitiesPtr, "",
                       "must have as many entries as values (" + std::to_string(values->size()) + "), has " +
                           std::to_string(probabilities->size()));
        return;
    }
    double sum = 0.0;
    for (double p : *probabilities) sum += p;
    if (std::abs(sum - 1.0) > kShareTolerance) check_.addText(probabilitiesPtr, formatSum(sum), "must sum to 1");
}

}  // namespace detail

Scenario buildScenario(const nlohmann::json& document) {
    detail::Checker check;
    Scenario scenario;
    detail::ScenarioReader(check, scenario).read(document);
    if (!check.problems.empty()) throw InputError(std::move(check.problems), static_cast<std::size_t>(check.unlisted));
    return scenario;
}

}  // namespace itsb::scenarios
