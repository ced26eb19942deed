#include "itsb/scenarios/input_error.hpp"
#include "itsb/scenarios/reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// Validation of a version-1 input (SPEC §8, §9 "Input rules") into a Scenario. Every
// problem is collected, each once, before anything is returned: a value of the wrong type
// is reported and its children are not looked at, and a check that depends on another value
// (a ramp's delay on the horizon, a maturity on the issue date) runs only when that value is
// valid.

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

namespace {

using nlohmann::json;
using finance::AmortizationType;
using finance::CalendarKind;
using finance::DayCount;
using finance::DiscountMethod;
using finance::Frequency;
using finance::PaymentConvention;
using finance::RoundingMode;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kMaxMoney = 1e12;
constexpr double kShareTolerance = 1e-9;
constexpr std::int64_t kMaxHorizon = 300;
constexpr std::int64_t kMaxTenor = 100;
constexpr std::int64_t kMaxServiceLines = 50;
constexpr std::int64_t kMaxDiscreteValues = 1000;
// Limits that protect the machine from a hostile or mistaken file (docs/SECURITY.md).
constexpr std::int64_t kMaxCostItems = 1000;     // one-off and running costs, each
constexpr std::int64_t kMaxPartners = 100;
constexpr std::int64_t kMaxCurvePoints = 1000;
constexpr std::int64_t kMaxPaths = 10000000;     // 56 bytes a path: at most about 600 MB
constexpr std::int64_t kMaxProblems = 200;       // listed; the rest are counted
constexpr std::int64_t kMaxSeed = std::int64_t{1} << 53;

// ---- text -------------------------------------------------------------------------------

//! A bound in a rule: shortest round-trip text, exponent without "+" or leading zeros (1e12).
std::string boundText(double x) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
    if (ec != std::errc()) return "?";
    std::string text(buffer, end);
    if (auto e = text.find('e'); e != std::string::npos) {
        std::string mantissa = text.substr(0, e);
        std::string exponent = text.substr(e + 1);
        bool negative = !exponent.empty() && exponent[0] == '-';
        if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.erase(0, 1);
        exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
        text = mantissa + "e" + (negative ? "-" : "") + exponent;
    }
    return text;
}

//! A computed value (a sum) as a problem's value: 12 significant digits, so 0.1 + 0.2 reads 0.3.
std::string formatSum(double x) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.12g", x);
    return buffer;
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string quotedList(std::span<const std::string_view> words) {
    std::string text;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) text += ", ";
        text += quoted(words[i]);
    }
    return text;
}

std::string childPointer(const std::string& parent, std::string_view key) {
    return (json::json_pointer(parent) / std::string(key)).to_string();
}

std::string childPointer(const std::string& parent, std::size_t index) {
    return parent + "/" + std::to_string(index);
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// ---- ranges -----------------------------------------------------------------------------

//! A range of numbers; `rule` replaces the generated wording when a bound needs a name.
struct Range {
    double lo = -kInfinity;
    double hi = kInfinity;
    bool loOpen = false;
    bool hiOpen = false;
    std::string rule;

    bool contains(double x) const {
        return (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
    }

    std::string describe() const {
        if (!rule.empty()) return rule;
        const bool hasLo = lo > -kInfinity, hasHi = hi < kInfinity;
        if (hasLo && hasHi) {
            if (!loOpen && !hiOpen) return "must be between " + boundText(lo) + " and " + boundText(hi);
            return std::string("must be ") + (loOpen ? "greater than " : "at least ") + boundText(lo) + " and " +
                   (hiOpen ? "less than " : "at most ") + boundText(hi);
        }
        if (hasLo) return (loOpen ? "must be greater than " : "must be at least ") + boundText(lo);
        if (hasHi) return (hiOpen ? "must be less than " : "must be at most ") + boundText(hi);
        return "must be a number";
    }
};

Range closed(double lo, double hi) { return {lo, hi, false, false, {}}; }
Range aboveUpTo(double lo, double hi) { return {lo, hi, true, false, {}}; }  // (lo, hi]
Range fromBelow(double lo, double hi) { return {lo, hi, false, true, {}}; }  // [lo, hi)
Range atLeast(double lo) { return {lo, kInfinity, false, false, {}}; }
Range anyNumber() { return {}; }

struct IntRange {
    std::int64_t lo = 0;
    std::int64_t hi = std::numeric_limits<std::int64_t>::max();
    std::string rule;

    std::string describe() const {
        if (!rule.empty()) return rule;
        if (hi == std::numeric_limits<std::int64_t>::max()) return "must be at least " + std::to_string(lo);
        return "must be between " + std::to_string(lo) + " and " + std::to_string(hi);
    }
};

// ---- key lists --------------------------------------------------------------------------

using Keys = std::span<const std::string_view>;

constexpr std::array<std::string_view, 12> kTopKeys{
    "itsb",      "name", "description", "currency",    "start_date", "horizon_years",
    "programme", "partners", "bond",    "discounting", "rounding",   "uncertainty"};
constexpr std::array<std::string_view, 7> kProgrammeKeys{
    "baseline_expenditure", "expenditure_growth", "service_lines",     "savings_optimism_bias",
    "one_off_costs",        "running_costs",      "cost_optimism_bias"};
constexpr std::array<std::string_view, 4> kServiceLineKeys{"name", "addressable_share", "saving_rate", "ramp"};
constexpr std::array<std::string_view, 4> kRampKeys{"delay_years", "years_to_full", "shape", "fractions"};
constexpr std::array<std::string_view, 4> kOneOffKeys{"name", "year", "amount", "kind"};
constexpr std::array<std::string_view, 4> kRunningKeys{"name", "from_year", "amount", "escalation"};
constexpr std::array<std::string_view, 4> kPartnerKeys{"name", "share", "savings_share", "cost_share"};
constexpr std::array<std::string_view, 19> kBondKeys{
    "notional",       "size_rounding",      "issue_date",          "tenor_years",
    "maturity",       "coupon",             "frequency",           "day_count",
    "calendar",       "payment_convention", "amortization",        "interest_only_years",
    "capitalised_interest_years",           "issue_price",         "issuance_costs",
    "annual_fees",    "structure",          "savings_linked",      "reserve_months"};
constexpr std::array<std::string_view, 1> kSizingKeys{"target_min_dscr"};
constexpr std::array<std::string_view, 2> kCouponKeys{"gilt_yield", "margin"};
constexpr std::array<std::string_view, 2> kCustomKeys{"custom", "custom_fractions"};
constexpr std::array<std::string_view, 2> kIssuanceKeys{"percent", "fixed"};
constexpr std::array<std::string_view, 3> kSavingsLinkedKeys{"savings_share", "council_guarantee", "cap_multiple"};
constexpr std::array<std::string_view, 4> kDiscountingKeys{"method", "inflation", "rate", "points"};
constexpr std::array<std::string_view, 2> kRoundingKeys{"decimals", "mode"};
constexpr std::array<std::string_view, 7> kUncertaintyKeys{
    "paths", "seed", "saving_rate_factor", "delay_years", "one_off_cost_factor", "running_cost_factor",
    "expenditure_growth"};

constexpr std::array<std::string_view, 2> kFixedKeys{"distribution", "value"};
constexpr std::array<std::string_view, 3> kUniformKeys{"distribution", "min", "max"};
constexpr std::array<std::string_view, 4> kModeKeys{"distribution", "min", "mode", "max"};
constexpr std::array<std::string_view, 3> kNormalKeys{"distribution", "mean", "sd"};
constexpr std::array<std::string_view, 3> kLognormalKeys{"distribution", "mu", "sigma"};
constexpr std::array<std::string_view, 3> kDiscreteKeys{"distribution", "values", "probabilities"};

Keys distributionKeys(DistributionKind kind) {
    switch (kind) {
        case DistributionKind::Fixed: return kFixedKeys;
        case DistributionKind::Uniform: return kUniformKeys;
        case DistributionKind::Triangular:
        case DistributionKind::Pert: return kModeKeys;
        case DistributionKind::Normal: return kNormalKeys;
        case DistributionKind::Lognormal: return kLognormalKeys;
        case DistributionKind::Discrete: return kDiscreteKeys;
    }
    return kFixedKeys;
}

// The choices of every enum, in the order messages list them; spellings come from name().
constexpr std::array kFrequencies{Frequency::Annual, Frequency::Semiannual, Frequency::Quarterly, Frequency::Monthly};
constexpr std::array kDayCounts{DayCount::ActActIcma, DayCount::Act365Fixed, DayCount::Act360,
                                DayCount::Thirty360BondBasis};
constexpr std::array kCalendars{CalendarKind::UnitedKingdom, CalendarKind::Target, CalendarKind::Null};
constexpr std::array kConventions{PaymentConvention::Following, PaymentConvention::ModifiedFollowing};
constexpr std::array kAmortizations{AmortizationType::Bullet, AmortizationType::Annuity,
                                    AmortizationType::LevelPrincipal, AmortizationType::Sculpted};
constexpr std::array kRoundingModes{RoundingMode::HalfUp, RoundingMode::HalfEven};
constexpr std::array kDiscountMethods{DiscountMethod::GreenBook, DiscountMethod::Flat, DiscountMethod::Curve};
constexpr std::array kRampShapes{RampShape::Linear, RampShape::SCurve};
constexpr std::array kCostKinds{CostKind::Capital, CostKind::Revenue};
constexpr std::array kStructures{Structure::GeneralObligation, Structure::SavingsLinked};
constexpr std::array kDistributionKinds{DistributionKind::Fixed,  DistributionKind::Uniform,
                                        DistributionKind::Triangular, DistributionKind::Pert,
                                        DistributionKind::Normal, DistributionKind::Lognormal,
                                        DistributionKind::Discrete};

template <typename E, std::size_t N>
std::string choiceRule(const std::array<E, N>& options) {
    std::array<std::string_view, N> names{};
    for (std::size_t i = 0; i < N; ++i) names[i] = name(options[i]);
    return "must be one of " + quotedList(names);
}

// ---- the checker ------------------------------------------------------------------------

//! Collects problems; each check returns the value, or nullopt once it has reported why not.
class Checker {
  public:
    std::vector<InputProblem> problems;
    std::int64_t unlisted = 0;  //!< problems beyond kMaxProblems, counted but not kept

    void add(std::string pointer, const json* value, std::string rule) {
        if (full()) return;
        problems.push_back({std::move(pointer), value != nullptr ? problemValue(*value) : "", std::move(rule)});
    }
    void addText(std::string pointer, std::string value, std::string rule) {
        if (full()) return;
        problems.push_back({std::move(pointer), std::move(value), std::move(rule)});
    }
    //! Keeps at most kMaxProblems (a file of a million bad entries must not use gigabytes).
    bool full() {
        if (static_cast<std::int64_t>(problems.size()) < kMaxProblems) return false;
        ++unlisted;
        return true;
    }

    static const json* find(const json& object, std::string_view key) {
        auto it = object.find(key);
        return it == object.end() ? nullptr : &*it;
    }

    const json* required(const json& object, const std::string& pointer, std::string_view key) {
        const json* value = find(object, key);
        if (value == nullptr) add(childPointer(pointer, key), nullptr, "is required");
        return value;
    }

    //! Reports every key of `object` not in `allowed`; returns how many.
    std::size_t unknownKeys(const json& object, const std::string& pointer, Keys allowed) {
        std::size_t count = 0;
        for (const auto& [key, value] : object.items()) {
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            ++count;
            std::string_view best;
            std::size_t bestDistance = 3;
            for (auto candidate : allowed) {
                const std::size_t d = editDistance(key, candidate);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = candidate;
                }
            }
            add(childPointer(pointer, key), nullptr,
                best.empty() ? "unknown key (allowed: " + quotedList(allowed) + ")"
                             : "unknown key (did you mean " + quoted(best) + "?)");
        }
        return count;
    }

    //! An object with only `allowed` keys (unknown ones reported); false when not an object.
    bool object(const json& value, const std::string& pointer, Keys allowed) {
        if (!value.is_object()) {
            add(pointer, &value, "must be an object");
            return false;
        }
        unknownKeys(value, pointer, allowed);
        return true;
    }

    std::optional<double> numberValue(const json& value, const std::string& pointer, const Range& range) {
        if (!value.is_number()) {
            add(pointer, &value, "must be a number");
            return std::nullopt;
        }
        const double x = value.get<double>();
        if (!std::isfinite(x)) {
            add(pointer, &value, "must be a finite number");
            return std::nullopt;
        }
        if (!range.contains(x)) {
            add(pointer, &value, range.describe());
            return std::nullopt;
        }
        return x;
    }

    //! A number; `fallback` when missing, or "is required" when there is none.
    std::optional<double> number(const json& object, const std::string& pointer, std::string_view key,
                                 const Range& range, std::optional<double> fallback) {
        const json* value = fallback ? find(object, key) : required(object, pointer, key);
        if (value == nullptr) return fallback;
        return numberValue(*value, childPointer(pointer, key), range);
    }

    //! A JSON integer, or a number with an integral value (20.0).
    std::optional<std::int64_t> integerValue(const json& value, const std::string& pointer, const IntRange& range) {
        std::int64_t n = 0;
        if (value.is_number_unsigned()) {
            const auto u = value.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(range.hi)) {
                add(pointer, &value, range.describe());
                return std::nullopt;
            }
            n = static_cast<std::int64_t>(u);
        } else if (value.is_number_integer()) {
            n = value.get<std::int64_t>();
        } else if (value.is_number_float()) {
            const double x = value.get<double>();
            if (!std::isfinite(x)) {
                add(pointer, &value, "must be a finite number");
                return std::nullopt;
            }
            if (x != std::floor(x)) {
                add(pointer, &value, "must be an integer");
                return std::nullopt;
            }
            if (x < static_cast<double>(range.lo) || x > static_cast<double>(range.hi)) {
                add(pointer, &value, range.describe());
                return std::nullopt;
            }
            n = static_cast<std::int64_t>(x);
        } else {
            add(pointer, &value, "must be an integer");
            return std::nullopt;
        }
        if (n < range.lo || n > range.hi) {
            add(pointer, &value, range.describe());
            return std::nullopt;
        }
        return n;
    }

    std::optional<std::int64_t> integer(const json& object, const std::string& pointer, std::string_view key,
                                        const IntRange& range, std::optional<std::int64_t> fallback) {
        const json* value = fallback ? find(object, key) : required(object, pointer, key);
        if (value == nullptr) return fallback;
        return integerValue(*value, childPointer(pointer, key), range);
    }

    std::optional<int> smallInteger(const json& object, const std::string& pointer, std::string_view key,
                                    const IntRange& range, std::optional<int> fallback) {
        auto n = integer(object, pointer, key, range, fallback);
        if (!n) return std::nullopt;
        return static_cast<int>(*n);  // every int range here is within 0..1e8
    }

    std::optional<std::string> stringValue(const json& value, const std::string& pointer) {
        if (!value.is_string()) {
            add(pointer, &value, "must be a string");
            return std::nullopt;
        }
        try {
            (void)value.dump();  // a --set override can carry bytes that are not UTF-8
        } catch (const json::type_error&) {
            add(pointer, &value, "must be valid UTF-8 text");
            return std::nullopt;
        }
        return value.get<std::string>();
    }

    std::optional<std::string> string(const json& object, const std::string& pointer, std::string_view key,
                                      std::optional<std::string> fallback) {
        const json* value = fallback ? find(object, key) : required(object, pointer, key);
        if (value == nullptr) return fallback;
        return stringValue(*value, childPointer(pointer, key));
    }

    std::optional<bool> boolean(const json& object, const std::string& pointer, std::string_view key, bool fallback) {
        const json* value = find(object, key);
        if (value == nullptr) return fallback;
        if (!value->is_boolean()) {
            add(childPointer(pointer, key), value, "must be true or false");
            return std::nullopt;
        }
        return value->get<bool>();
    }

    std::optional<Date> dateValue(const json& value, const std::string& pointer) {
        if (value.is_string()) {
            const auto& text = value.get_ref<const std::string&>();
            if (auto date = Date::fromIso(text)) return date;
            // Shaped like a date but outside QuantLib's range: say so rather than "not ISO".
            bool shaped = text.size() == 10;
            for (std::size_t i = 0; shaped && i < text.size(); ++i)
                shaped = (i == 4 || i == 7) ? text[i] == '-' : (text[i] >= '0' && text[i] <= '9');
            const int year = shaped ? std::stoi(text.substr(0, 4)) : 0;
            if (shaped && (year < Date::minDate().year() || year > Date::maxDate().year())) {
                add(pointer, &value, "must be a date between " + Date::minDate().iso() + " and " + Date::maxDate().iso());
                return std::nullopt;
            }
        }
        add(pointer, &value, "must be an ISO 8601 date (YYYY-MM-DD)");
        return std::nullopt;
    }

    std::optional<Date> date(const json& object, const std::string& pointer, std::string_view key) {
        const json* value = required(object, pointer, key);
        if (value == nullptr) return std::nullopt;
        return dateValue(*value, childPointer(pointer, key));
    }

    template <typename E, std::size_t N>
    std::optional<E> choiceValue(const json& value, const std::string& pointer, const std::array<E, N>& options) {
        if (value.is_string()) {
            const auto& text = value.get_ref<const std::string&>();
            for (E option : options)
                if (name(option) == text) return option;
        }
        add(pointer, &value, choiceRule(options));
        return std::nullopt;
    }

    template <typename E, std::size_t N>
    std::optional<E> choice(const json& object, const std::string& pointer, std::string_view key,
                            const std::array<E, N>& options, std::type_identity_t<std::optional<E>> fallback) {
        const json* value = fallback ? find(object, key) : required(object, pointer, key);
        if (value == nullptr) return fallback;
        return choiceValue(*value, childPointer(pointer, key), options);
    }

    //! An array (of any length); nullptr after reporting when it is something else.
    const json* array(const json& value, const std::string& pointer) {
        if (!value.is_array()) {
            add(pointer, &value, "must be an array");
            return nullptr;
        }
        return &value;
    }

    bool count(const json& array, const std::string& pointer, std::int64_t lo, std::int64_t hi,
               const std::string& hiText = {}) {
        const auto n = static_cast<std::int64_t>(array.size());
        if (n >= lo && n <= hi) return true;
        const std::string limit = hi == std::numeric_limits<std::int64_t>::max()
                                      ? "at least " + std::to_string(lo)
                                      : std::to_string(lo) + " to " + (hiText.empty() ? std::to_string(hi) : hiText);
        addText(pointer, "", "must have " + limit + (hi == 1 ? " entry" : " entries") + ", has " + std::to_string(n));
        return false;
    }

    //! An array of numbers in `range` (each problem at its entry); nullopt if any is bad.
    std::optional<std::vector<double>> numbers(const json& array, const std::string& pointer, const Range& range) {
        std::vector<double> result;
        bool ok = true;
        for (std::size_t i = 0; i < array.size(); ++i) {
            auto x = numberValue(array.at(i), childPointer(pointer, i), range);
            if (x)
                result.push_back(*x);
            else
                ok = false;
        }
        if (!ok) return std::nullopt;
        return result;
    }
};

template <typename T>
T orDefault(const std::optional<T>& value, T fallback = T{}) {
    return value ? *value : fallback;
}

// ---- the scenario reader ----------------------------------------------------------------

class ScenarioReader {
  public:
    ScenarioReader(Checker& check, Scenario& scenario) : check_(check), s_(scenario) {}

    void read(const json& document) {
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
    }

  private:
    Checker& check_;
    Scenario& s_;
    // What later checks depend on, set only when valid.
    std::optional<Date> start_;
    std::optional<int> horizon_;
    std::optional<Date> horizonEnd_;
    const json* horizonValue_ = nullptr;
    std::optional<Rate> expenditureGrowth_;

    IntRange yearRange(std::int64_t lo) const {
        if (!horizon_) return {lo, kMaxHorizon, {}};
        return {lo, *horizon_, "must be between " + std::to_string(lo) + " and horizon_years (" +
                                   std::to_string(*horizon_) + ")"};
    }

    void readHeader(const json& doc) {
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

    // ---- programme ----

    void readProgramme(const json& doc) {
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
    std::optional<double> readServiceLine(const json& value, const std::string& ptr, std::size_t index) {
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

    Ramp readRamp(const json& value, const std::string& ptr) {
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

    void readOneOffCost(const json& value, const std::string& ptr, std::size_t index) {
        if (!check_.object(value, ptr, kOneOffKeys)) return;
        OneOffCost cost;
        cost.name = orDefault(check_.string(value, ptr, "name", "One-off cost " + std::to_string(index + 1)));
        cost.year = orDefault(check_.smallInteger(value, ptr, "year", yearRange(0), std::nullopt));
        cost.amount = orDefault(check_.number(value, ptr, "amount", closed(0, kMaxMoney), std::nullopt));
        cost.kind = orDefault(check_.choice(value, ptr, "kind", kCostKinds, CostKind::Capital));
        s_.programme.oneOffCosts.push_back(std::move(cost));
    }

    void readRunningCost(const json& value, const std::string& ptr, std::size_t index) {
        if (!check_.object(value, ptr, kRunningKeys)) return;
        RunningCost cost;
        cost.name = orDefault(check_.string(value, ptr, "name", "Running cost " + std::to_string(index + 1)));
        cost.fromYear = orDefault(check_.smallInteger(value, ptr, "from_year", yearRange(1), std::nullopt));
        cost.amount = orDefault(check_.number(value, ptr, "amount", closed(0, kMaxMoney), std::nullopt));
        cost.escalation = orDefault(check_.number(value, ptr, "escalation", closed(-0.5, 1), 0.0));
        s_.programme.runningCosts.push_back(std::move(cost));
    }

    // ---- partners ----

    void readPartners(const json& doc) {
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

    // ---- bond ----

    void readBond(const json& doc) {
        const json* b = check_.required(doc, "", "bond");
        const std::string ptr = "/bond";
        if (b == nullptr || !check_.object(*b, ptr, kBondKeys)) return;
        BondSpec& bond = s_.bond;

        std::optional<NotionalRule> notionalRule;
        std::optional<Money> notionalAmount;
        if (const json* notional = check_.required(*b, ptr, "notional"))
            readNotional(*notional, ptr + "/notional", notionalRule, notionalAmount);
        bond.sizeRounding = orDefault(check_.number(*b, ptr, "size_rounding", aboveUpTo(0, 1e9), 1000.0));

        std::optional<Date> issue = start_;
        if (const json* value = Checker::find(*b, "issue_date")) {
            issue = check_.dateValue(*value, ptr + "/issue_date");
            if (issue && start_ && *issue < *start_)
                check_.add(ptr + "/issue_date", value, "must be on or after start_date " + start_->iso());
        }
        if (issue) bond.issueDate = *issue;

        const auto frequency = check_.choice(*b, ptr, "frequency", kFrequencies, std::nullopt);
        if (frequency) bond.frequency = *frequency;

        const std::optional<int> periods = readTerm(*b, ptr, issue, frequency);
        if (periods) bond.periods = *periods;

        readCoupon(*b, ptr);
        bond.dayCount = orDefault(check_.choice(*b, ptr, "day_count", kDayCounts, DayCount::ActActIcma));
        bond.calendar = orDefault(check_.choice(*b, ptr, "calendar", kCalendars, CalendarKind::UnitedKingdom));
        bond.paymentConvention =
            orDefault(check_.choice(*b, ptr, "payment_convention", kConventions, PaymentConvention::Following));

        const auto interestOnly = check_.smallInteger(*b, ptr, "interest_only_years", {0, kMaxTenor, {}}, 0);
        const auto capitalised = check_.smallInteger(*b, ptr, "capitalised_interest_years", {0, kMaxTenor, {}}, 0);
        bond.interestOnlyYears = orDefault(interestOnly);
        bond.capitalisedInterestYears = orDefault(capitalised);
        std::optional<int> leadingPeriods;  // capitalised and interest-only periods
        if (interestOnly && capitalised && frequency) {
            leadingPeriods = (*interestOnly + *capitalised) * finance::perYear(*frequency);
            if (periods && *leadingPeriods >= *periods) {
                check_.addText(ptr + "/interest_only_years", "",
                               "capitalised_interest_years (" + std::to_string(*capitalised) +
                                   ") + interest_only_years (" + std::to_string(*interestOnly) +
                                   ") must leave at least one of the bond's " + std::to_string(*periods) + " " +
                                   std::string(name(*frequency)) + " periods amortizing");
                leadingPeriods.reset();
            }
        }

        if (const json* amortization = check_.required(*b, ptr, "amortization"))
            readAmortization(*amortization, ptr + "/amortization", periods, leadingPeriods, notionalRule,
                             notionalAmount);

        bond.issuePrice = orDefault(check_.number(*b, ptr, "issue_price", aboveUpTo(0, 200), 100.0));
        if (const json* costs = Checker::find(*b, "issuance_costs")) {
            const std::string costsPtr = ptr + "/issuance_costs";
            if (check_.object(*costs, costsPtr, kIssuanceKeys)) {
                bond.issuanceCostPercent = orDefault(check_.number(*costs, costsPtr, "percent", fromBelow(0, 1), 0.0));
                bond.issuanceCostFixed = orDefault(check_.number(*costs, costsPtr, "fixed", closed(0, kMaxMoney), 0.0));
            }
        }
        bond.annualFees = orDefault(check_.number(*b, ptr, "annual_fees", closed(0, kMaxMoney), 0.0));

        const auto structure = check_.choice(*b, ptr, "structure", kStructures, Structure::GeneralObligation);
        bond.structure = orDefault(structure, Structure::GeneralObligation);
        if (const json* linked = Checker::find(*b, "savings_linked")) {
            const std::string linkedPtr = ptr + "/savings_linked";
            if (structure && *structure != Structure::SavingsLinked) {
                check_.add(linkedPtr, nullptr, "is only allowed with structure \"savings_linked\"");
            } else if (check_.object(*linked, linkedPtr, kSavingsLinkedKeys)) {
                SavingsLinkedTerms& terms = bond.savingsLinked;
                terms.savingsShare = orDefault(check_.number(*linked, linkedPtr, "savings_share", aboveUpTo(0, 1), 1.0));
                terms.councilGuarantee = orDefault(check_.boolean(*linked, linkedPtr, "council_guarantee", false));
                if (Checker::find(*linked, "cap_multiple") != nullptr)
                    terms.capMultiple = check_.number(*linked, linkedPtr, "cap_multiple", closed(1, 100), std::nullopt);
            }
        }
        bond.reserveMonths = orDefault(check_.number(*b, ptr, "reserve_months", closed(0, 60), 0.0));
    }

    void readNotional(const json& value, const std::string& ptr, std::optional<NotionalRule>& rule,
                      std::optional<Money>& amount) {
        NotionalSpec& notional = s_.bond.notional;
        if (value.is_number()) {
            amount = check_.numberValue(value, ptr, aboveUpTo(0, kMaxMoney));
            if (amount) {
                rule = NotionalRule::Fixed;
                notional = {NotionalRule::Fixed, *amount, 0.0, std::nullopt};
            }
            return;
        }
        if (value.is_object()) {
            if (!check_.object(value, ptr, kSizingKeys)) return;
            if (auto target = check_.number(value, ptr, "target_min_dscr", aboveUpTo(0, 100), std::nullopt)) {
                rule = NotionalRule::TargetMinDscr;
                notional = {NotionalRule::TargetMinDscr, 0.0, *target, std::nullopt};
            }
            return;
        }
        if (value.is_string()) {
            for (NotionalRule candidate : {NotionalRule::FundCapitalCosts, NotionalRule::FundOneOffCosts}) {
                if (value.get_ref<const std::string&>() == name(candidate)) {
                    rule = candidate;
                    notional = {candidate, 0.0, 0.0, std::nullopt};
                    return;
                }
            }
        }
        check_.add(ptr, &value,
                   "must be a number, \"fund_capital_costs\", \"fund_one_off_costs\" or {\"target_min_dscr\": D}");
    }

    //! tenor_years or maturity; returns the number of periods when valid.
    std::optional<int> readTerm(const json& b, const std::string& ptr, std::optional<Date> issue,
                                std::optional<Frequency> frequency) {
        const json* tenor = Checker::find(b, "tenor_years");
        const json* maturity = Checker::find(b, "maturity");
        if (tenor != nullptr && maturity != nullptr) {
            check_.add(ptr, nullptr, "give tenor_years or maturity, not both");
            return std::nullopt;
        }
        if (tenor == nullptr && maturity == nullptr) {
            check_.add(ptr, nullptr, "tenor_years or maturity is required");
            return std::nullopt;
        }

        const Date lastFinal = Date::maxDate().plusDays(-11);  // room to move the last payment to a business day
        std::optional<int> periods;
        std::optional<Date> finalDate;
        std::string termPtr;
        const json* termValue = nullptr;
        if (tenor != nullptr) {
            termPtr = ptr + "/tenor_years";
            termValue = tenor;
            const auto years = check_.integerValue(*tenor, termPtr, {1, kMaxTenor, {}});
            if (!years) return std::nullopt;
            s_.bond.tenorYears = static_cast<int>(*years);
            if (!frequency || !issue) return std::nullopt;
            periods = static_cast<int>(*years) * finance::perYear(*frequency);
            try {
                finalDate = issue->plusMonths(*periods * finance::monthsPerPeriod(*frequency));
            } catch (const std::out_of_range&) {
            }
            if (!finalDate || *finalDate > lastFinal) {
                check_.add(termPtr, termValue, "must end the bond on or before " + lastFinal.iso());
                return std::nullopt;
            }
        } else {
            termPtr = ptr + "/maturity";
            termValue = maturity;
            const auto date = check_.dateValue(*maturity, termPtr);
            if (!date) return std::nullopt;
            s_.bond.maturity = *date;
            if (!frequency || !issue) return std::nullopt;
            if (*date <= *issue) {
                check_.add(termPtr, maturity, "must be after the issue date " + issue->iso());
                return std::nullopt;
            }
            const int step = finance::monthsPerPeriod(*frequency);
            const int months = (date->year() - issue->year()) * 12 + (date->month() - issue->month());
            if (months % step != 0 || issue->plusMonths(months) != *date) {
                check_.add(termPtr, maturity,
                           "must be a whole number of " + std::string(name(*frequency)) +
                               " periods after the issue date " + issue->iso());
                return std::nullopt;
            }
            if (months / step > kMaxTenor * finance::perYear(*frequency)) {
                check_.add(termPtr, maturity, "must be at most 100 years after the issue date " + issue->iso());
                return std::nullopt;
            }
            if (*date > lastFinal) {
                check_.add(termPtr, maturity, "must be on or before " + lastFinal.iso());
                return std::nullopt;
            }
            periods = months / step;
            finalDate = *date;
        }

        if (horizonEnd_ && *finalDate > *horizonEnd_)
            check_.add("/horizon_years", horizonValue_, "must reach the bond's final payment on " + finalDate->iso());
        return periods;
    }

    void readCoupon(const json& b, const std::string& ptr) {
        const json* coupon = check_.required(b, ptr, "coupon");
        if (coupon == nullptr) return;
        const std::string couponPtr = ptr + "/coupon";
        CouponSpec& spec = s_.bond.coupon;
        if (coupon->is_number()) {
            spec.rate = orDefault(check_.numberValue(*coupon, couponPtr, closed(-0.05, 1)));
            return;
        }
        if (coupon->is_object()) {
            check_.unknownKeys(*coupon, couponPtr, kCouponKeys);
            const auto gilt = check_.number(*coupon, couponPtr, "gilt_yield", closed(-0.05, 1), std::nullopt);
            const auto margin = check_.number(*coupon, couponPtr, "margin", closed(-0.05, 1), std::nullopt);
            spec.fromGilt = true;
            spec.giltYield = orDefault(gilt);
            spec.margin = orDefault(margin);
            spec.rate = spec.giltYield + spec.margin;
            if (gilt && margin && !closed(-0.05, 1).contains(spec.rate))
                check_.addText(couponPtr, formatSum(spec.rate), "gilt_yield + margin must be between -0.05 and 1");
            return;
        }
        check_.add(couponPtr, coupon, "must be a number or {\"gilt_yield\": G, \"margin\": M}");
    }

    void readAmortization(const json& value, const std::string& ptr, std::optional<int> periods,
                          std::optional<int> leadingPeriods, std::optional<NotionalRule> notionalRule,
                          std::optional<Money> notionalAmount) {
        BondSpec& bond = s_.bond;
        const std::string rule =
            "must be \"bullet\", \"annuity\", \"level_principal\", \"sculpted\", {\"custom\": [amounts]} or "
            "{\"custom_fractions\": [fractions]}";
        if (value.is_string()) {
            for (AmortizationType type : kAmortizations) {
                if (name(type) == value.get_ref<const std::string&>()) {
                    bond.amortization = type;
                    return;
                }
            }
            check_.add(ptr, &value, rule);
            return;
        }
        if (!value.is_object()) {
            check_.add(ptr, &value, rule);
            return;
        }
        const std::size_t unknown = check_.unknownKeys(value, ptr, kCustomKeys);
        const json* amounts = Checker::find(value, "custom");
        const json* fractions = Checker::find(value, "custom_fractions");
        if (amounts != nullptr && fractions != nullptr) {
            check_.add(ptr, nullptr, "give custom or custom_fractions, not both");
            return;
        }
        if (amounts == nullptr && fractions == nullptr) {
            if (unknown == 0) check_.add(ptr, &value, rule);
            return;
        }
        const bool byAmount = amounts != nullptr;
        bond.amortization = byAmount ? AmortizationType::Custom : AmortizationType::CustomFractions;
        const std::string listPtr = ptr + (byAmount ? "/custom" : "/custom_fractions");
        const json& list = byAmount ? *amounts : *fractions;
        if (!check_.array(list, listPtr)) return;
        auto entries = check_.numbers(list, listPtr, atLeast(0));
        if (!entries) return;
        bond.custom = *entries;

        if (periods) {
            if (static_cast<int>(entries->size()) != *periods) {
                check_.addText(listPtr, "",
                               "must have one entry per period (" + std::to_string(*periods) + "), has " +
                                   std::to_string(entries->size()));
                return;
            }
            if (leadingPeriods)
                for (int j = 0; j < *leadingPeriods; ++j)
                    if ((*entries)[j] != 0.0)
                        check_.add(childPointer(listPtr, static_cast<std::size_t>(j)), &list.at(j),
                                   "must be 0 in a capitalised or interest-only period");
        }

        double sum = 0.0;
        for (double x : *entries) sum += x;
        if (byAmount) {
            if (notionalRule && *notionalRule != NotionalRule::Fixed) {
                check_.add(ptr, nullptr,
                           "custom amounts need a numeric notional (custom_fractions work with a sized one)");
            } else if (notionalAmount &&
                       std::abs(sum - *notionalAmount) > kShareTolerance * *notionalAmount) {
                check_.addText(listPtr, formatSum(sum), "must sum to the notional " + formatSum(*notionalAmount));
            }
        } else if (std::abs(sum - 1.0) > kShareTolerance) {
            check_.addText(listPtr, formatSum(sum), "must sum to 1");
        }
    }

    // ---- discounting, rounding ----

    void readDiscounting(const json& doc) {
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

    void readRounding(const json& doc) {
        const json* r = Checker::find(doc, "rounding");
        const std::string ptr = "/rounding";
        if (r == nullptr || !check_.object(*r, ptr, kRoundingKeys)) return;
        s_.rounding.decimals = orDefault(check_.smallInteger(*r, ptr, "decimals", {0, 6, {}}, 2));
        s_.rounding.mode = orDefault(check_.choice(*r, ptr, "mode", kRoundingModes, RoundingMode::HalfUp));
    }

    // ---- uncertainty ----

    void readUncertainty(const json& doc) {
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

    static Distribution fixedAt(double value) {
        Distribution d;
        d.kind = DistributionKind::Fixed;
        d.value = value;
        return d;
    }

    void readDistribution(const json& parent, const std::string& parentPtr, std::string_view key, bool factor,
                          Distribution& out) {
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

    void readDiscrete(const json& value, const std::string& ptr, Distribution& d) {
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
};

}  // namespace

Scenario buildScenario(const json& document) {
    Checker check;
    Scenario scenario;
    ScenarioReader(check, scenario).read(document);
    if (!check.problems.empty()) throw InputError(std::move(check.problems), static_cast<std::size_t>(check.unlisted));
    return scenario;
}

}  // namespace itsb::scenarios
