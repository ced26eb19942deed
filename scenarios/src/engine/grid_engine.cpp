#include "grid_engine.hpp"

#include "bond_build.hpp"
#include "evaluation_detail.hpp"

#include "itsb/finance/discounting.hpp"
#include "itsb/finance/parallel.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <string_view>
#include <utility>

namespace itsb::scenarios::detail {

using nlohmann::json;

// Not in the anonymous namespace: GridEngine::State holds them.
namespace grid {

//! What a field feeds beyond the bond's own terms, so a point can share it with the points
//! whose values of the axes that feed it are the same.
enum Stage : unsigned {
    kProgramme = 1,  //!< the projection, fees and CFADS (the bond context)
    kNotional = 2,   //!< the notional a fund_* rule finds (when only costs and issue terms decide it)
    kDiscount = 4,   //!< the discount factors
};

//! How the reader fills a field from the number at a pointer: `copy` takes the field, and
//! anything the reader derives from it, from one Scenario into another.
struct Field {
    unsigned stages = 0;
    //! Fields the reader checks together (the addressable shares' sum, the coupon's parts, a
    //! notional against custom amounts): two axes in one group take the document route.
    std::string group;
    std::function<void(Scenario& to, const Scenario& from)> copy;
};

using Key = std::pair<long, long>;

}  // namespace grid

namespace {

using grid::Field;
using grid::Key;
using grid::Stage;
using grid::kDiscount;
using grid::kNotional;
using grid::kProgramme;

//! The field `pointer` names when it is one the engine knows; nullopt otherwise. An array
//! index is digits without leading zeros, below the size of the array in `base`.
std::optional<Field> fieldOf(const std::string& pointer, const Scenario& base) {
    constexpr unsigned kSavings = kProgramme | kNotional;  // a fund_* rule's costs come from the projection
    using Copy = std::function<void(Scenario&, const Scenario&)>;
    struct Known {
        const char* pattern;  //!< "#" stands for an index into the array `count` sizes
        unsigned stages;
        const char* group;
        std::size_t (*count)(const Scenario&);
        Copy (*copy)(std::size_t index);
    };
#define ITSB_GRID_FIELD(member) \
    nullptr, [](std::size_t) -> Copy { return [](Scenario& to, const Scenario& from) { to.member = from.member; }; }
#define ITSB_GRID_ITEM(array, member)                                                                  \
    [](const Scenario& s) { return s.array.size(); }, [](std::size_t i) -> Copy {                      \
        return [i](Scenario& to, const Scenario& from) { to.array[i].member = from.array[i].member; }; \
    }
    static const std::vector<Known> known{
        {"/bond/coupon", 0, "coupon", ITSB_GRID_FIELD(bond.coupon)},
        {"/bond/coupon/gilt_yield", 0, "coupon", ITSB_GRID_FIELD(bond.coupon)},
        {"/bond/coupon/margin", 0, "coupon", ITSB_GRID_FIELD(bond.coupon)},
        {"/bond/issue_price", kNotional, "", ITSB_GRID_FIELD(bond.issuePrice)},
        {"/bond/issuance_costs/percent", kNotional, "", ITSB_GRID_FIELD(bond.issuanceCostPercent)},
        {"/bond/issuance_costs/fixed", kNotional, "", ITSB_GRID_FIELD(bond.issuanceCostFixed)},
        {"/bond/annual_fees", kSavings, "", ITSB_GRID_FIELD(bond.annualFees)},
        {"/bond/reserve_months", kNotional, "", ITSB_GRID_FIELD(bond.reserveMonths)},
        {"/bond/size_rounding", kNotional, "notional", ITSB_GRID_FIELD(bond.sizeRounding)},
        {"/bond/notional", kNotional, "notional", ITSB_GRID_FIELD(bond.notional)},
        {"/bond/notional/target_min_dscr", kNotional, "notional", ITSB_GRID_FIELD(bond.notional)},
        {"/bond/savings_linked/savings_share", kNotional, "savings_linked", ITSB_GRID_FIELD(bond.savingsLinked)},
        {"/bond/savings_linked/cap_multiple", kNotional, "savings_linked", ITSB_GRID_FIELD(bond.savingsLinked)},
        {"/programme/baseline_expenditure", kSavings, "", ITSB_GRID_FIELD(programme.baselineExpenditure)},
        // The uncertainty block's expenditure growth defaults to this one.
        {"/programme/expenditure_growth", kSavings, "", nullptr,
         [](std::size_t) -> Copy {
             return [](Scenario& to, const Scenario& from) {
                 to.programme.expenditureGrowth = from.programme.expenditureGrowth;
                 to.uncertainty.expenditureGrowth = from.uncertainty.expenditureGrowth;
             };
         }},
        {"/programme/savings_optimism_bias", kSavings, "", ITSB_GRID_FIELD(programme.savingsOptimismBias)},
        {"/programme/cost_optimism_bias", kSavings, "", ITSB_GRID_FIELD(programme.costOptimismBias)},
        {"/programme/service_lines/#/saving_rate", kSavings, "", ITSB_GRID_ITEM(programme.serviceLines, savingRate)},
        {"/programme/service_lines/#/addressable_share", kSavings, "addressable_shares",
         ITSB_GRID_ITEM(programme.serviceLines, addressableShare)},
        {"/programme/service_lines/#/ramp/delay_years", kSavings, "",
         ITSB_GRID_ITEM(programme.serviceLines, ramp.delayYears)},
        {"/programme/service_lines/#/ramp/years_to_full", kSavings, "",
         ITSB_GRID_ITEM(programme.serviceLines, ramp.yearsToFull)},
        {"/programme/one_off_costs/#/amount", kSavings, "", ITSB_GRID_ITEM(programme.oneOffCosts, amount)},
        {"/programme/running_costs/#/amount", kSavings, "", ITSB_GRID_ITEM(programme.runningCosts, amount)},
        {"/programme/running_costs/#/escalation", kSavings, "", ITSB_GRID_ITEM(programme.runningCosts, escalation)},
        {"/discounting/rate", kDiscount, "", ITSB_GRID_FIELD(discounting.rate)},
        {"/discounting/inflation", kDiscount, "", ITSB_GRID_FIELD(discounting.inflation)},
    };
#undef ITSB_GRID_FIELD
#undef ITSB_GRID_ITEM

    for (const Known& k : known) {
        const std::string_view pattern = k.pattern;
        const std::size_t hash = pattern.find('#');
        if (hash == std::string_view::npos) {
            if (pointer == pattern) return Field{k.stages, k.group, k.copy(0)};
            continue;
        }
        const std::string_view head = pattern.substr(0, hash), tail = pattern.substr(hash + 1);
        const std::string_view p = pointer;
        if (p.size() <= head.size() + tail.size() || !p.starts_with(head) || !p.ends_with(tail)) continue;
        const std::string_view digits = p.substr(head.size(), p.size() - head.size() - tail.size());
        const bool isIndex = digits.size() <= 4 && (digits.size() == 1 || digits[0] != '0') &&
                             std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!isIndex) continue;
        const std::size_t index = std::stoul(std::string(digits));
        if (index >= k.count(base)) return std::nullopt;
        return Field{k.stages, k.group, k.copy(index)};
    }
    return std::nullopt;
}

std::optional<double> asNumber(double v) { return v; }
std::optional<double> asNumber(int v) { return static_cast<double>(v); }
template <typename T>
std::optional<double> asNumber(const std::optional<T>& v) {
    return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}

//! A reader of one numeric metric. numericMetric() builds the whole catalog (some 60 strings)
//! to return one number, a third of a grid point; this finds once which field of Metrics the
//! key reads, by giving every numeric field a distinct marker and asking numericMetric() which
//! it returns, and checks that changing that field changes the answer. Fields read as
//! numericMetric() reads them (an integer as a double). A key it cannot pin to one field is
//! read by numericMetric() itself.
std::function<std::optional<double>(const Metrics&)> metricReader(const std::string& key) {
    using Get = std::optional<double> (*)(const Metrics&);
    using Set = void (*)(Metrics&, int);
    struct Numeric {
        Get get;
        Set set;
    };
#define ITSB_GRID_METRIC(member)                                                              \
    Numeric {                                                                                 \
        [](const Metrics& m) { return asNumber(m.member); }, [](Metrics& m, int marker) { m.member = marker; } \
    }
    // The revenue view's metrics are null when the evaluation has none (no council_finance).
#define ITSB_GRID_REVENUE(member)                                                                  \
    Numeric {                                                                                      \
        [](const Metrics& m) { return m.revenue ? asNumber(m.revenue->member) : std::nullopt; },   \
            [](Metrics& m, int marker) {                                                           \
                if (!m.revenue) m.revenue.emplace();                                               \
                m.revenue->member = marker;                                                        \
            }                                                                                      \
    }
    static const std::vector<Numeric> fields{
        ITSB_GRID_METRIC(table.projectIrr),        ITSB_GRID_METRIC(table.mirr),
        ITSB_GRID_METRIC(table.projectNpv),        ITSB_GRID_METRIC(table.npvAfterFinancing),
        ITSB_GRID_METRIC(table.benefitCostRatio),  ITSB_GRID_METRIC(table.paybackYears),
        ITSB_GRID_METRIC(table.discountedPaybackYears), ITSB_GRID_METRIC(table.breakEvenYear),
        ITSB_GRID_METRIC(table.minDscr),           ITSB_GRID_METRIC(table.avgDscr),
        ITSB_GRID_METRIC(table.totalDebtService),  ITSB_GRID_METRIC(investorYield),
        ITSB_GRID_METRIC(investorIrr),             ITSB_GRID_METRIC(councilAllInCost),
        ITSB_GRID_METRIC(llcr),                    ITSB_GRID_METRIC(macaulayDuration),
        ITSB_GRID_METRIC(modifiedDuration),        ITSB_GRID_METRIC(convexity),
        ITSB_GRID_METRIC(totalInterest),           ITSB_GRID_METRIC(notional),
        ITSB_GRID_METRIC(netProceeds),             ITSB_GRID_METRIC(sculptDscr),
        ITSB_GRID_METRIC(investorLoss),            ITSB_GRID_METRIC(yearsInArrears),
        ITSB_GRID_REVENUE(breakEvenYear),          ITSB_GRID_REVENUE(maxFinancingCostRatio),
        ITSB_GRID_REVENUE(peakCfr),                ITSB_GRID_REVENUE(totalMrp),
        ITSB_GRID_REVENUE(totalInterestAccrued),
    };
#undef ITSB_GRID_METRIC
#undef ITSB_GRID_REVENUE
    auto byCatalog = [key](const Metrics& m) { return numericMetric(m, key); };
    Metrics marked;
    for (std::size_t i = 0; i < fields.size(); ++i) fields[i].set(marked, 1000 + static_cast<int>(i));
    const auto answer = numericMetric(marked, key);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (answer != std::optional<double>(1000 + static_cast<int>(i))) continue;
        Metrics changed = marked;
        fields[i].set(changed, 7);
        if (numericMetric(changed, key) != std::optional<double>(7)) break;
        return fields[i].get;
    }
    return byCatalog;
}

//! The entry of `cache` at `key`, built by `make` when missing; a cache that grows past a few
//! hundred entries (both axes feeding it) starts again, so memory stays bounded.
template <typename Value, typename Make>
Value& cached(std::map<Key, Value>& cache, const Key& key, Make&& make) {
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
    Value value = make();  // when it throws, nothing is kept: the next point asks again
    if (cache.size() >= 256) cache.clear();
    return cache.emplace(key, std::move(value)).first->second;
}

}  // namespace

struct GridEngine::State {
    struct Axis {
        Field field;
        std::vector<std::optional<Scenario>> reads;  //!< by value; nullopt: the document route
    };
    //! Scratch state of one worker thread: the point's scenario and what it shares.
    struct Worker {
        std::optional<Scenario> scenario;  //!< the base with the current point's fields
        Scenario withPreset;
        std::map<Key, BondContext> contexts;
        std::map<Key, ResolvedNotional> notionals;
        std::map<Key, std::vector<double>> factors;
    };

    Scenario base;
    BondContext dates;  //!< the base's context, whose dates every point keeps
    std::vector<Axis> axes;
    std::optional<Preset> preset;
    std::function<std::optional<double>(const Metrics&)> metric;
    EvaluateOptions options;
    std::vector<Worker> workers;

    //! The values of the axes feeding `stage` at this point (-1 for an axis that does not).
    Key key(Stage stage, std::size_t column, std::size_t row) const {
        const auto at = [&](std::size_t a, std::size_t i) {
            return a < axes.size() && (axes[a].field.stages & stage) != 0 ? static_cast<long>(i) : -1L;
        };
        return {at(0, column), at(1, row)};
    }
};

GridEngine::GridEngine(std::unique_ptr<State> state) : state_(std::move(state)) {}
GridEngine::~GridEngine() = default;

std::unique_ptr<GridEngine> GridEngine::make(const json& document, const std::vector<std::string>& pointers,
                                             const std::vector<std::vector<std::string>>& valueTexts,
                                             const std::optional<Preset>& preset, const std::string& metric,
                                             int threads, std::size_t workers) {
    auto st = std::make_unique<State>();
    try {
        st->base = buildScenario(document);
        st->dates = makeBondContext(st->base);
    } catch (...) {
        return nullptr;  // every point reads and fails as the document route says
    }
    for (const auto& pointer : pointers) {
        auto field = fieldOf(pointer, st->base);
        if (!field) return nullptr;
        for (const auto& other : st->axes)
            if (!field->group.empty() && other.field.group == field->group) return nullptr;
        st->axes.push_back({std::move(*field), {}});
    }
    st->preset = preset;
    st->metric = metricReader(metric);
    st->options = evaluateOptionsFor({metric});
    st->workers.resize(std::max<std::size_t>(workers, 1));

    // Each value read on its own, as the document route reads a point. A value kept must have
    // changed nothing but its field: with the base's field copied back, the read is the base.
    const json baseCanonical = canonicalJson(st->base);
    std::vector<std::pair<std::size_t, std::size_t>> values;  // (axis, value)
    for (std::size_t a = 0; a < st->axes.size(); ++a) {
        st->axes[a].reads.resize(valueTexts[a].size());
        for (std::size_t i = 0; i < valueTexts[a].size(); ++i) values.emplace_back(a, i);
    }
    finance::parallelFor(values.size(), threads, [&](std::size_t item, std::size_t) {
        const auto [a, i] = values[item];
        State::Axis& axis = st->axes[a];
        try {
            json changed = document;
            applyOverrides(changed, {{pointers[a], valueTexts[a][i]}});
            Scenario read = buildScenario(changed);
            Scenario back = read;
            axis.field.copy(back, st->base);
            if (canonicalJson(back) == baseCanonical) axis.reads[i] = std::move(read);
        } catch (...) {
            // Invalid on its own: the point takes the document route, which reports it.
        }
    });
    return std::unique_ptr<GridEngine>(new GridEngine(std::move(st)));
}

bool GridEngine::covers(std::size_t column, std::size_t row) const {
    const State& st = *state_;
    return st.axes[0].reads[column].has_value() && (st.axes.size() < 2 || st.axes[1].reads[row].has_value());
}

GridEngine::Outcome GridEngine::evaluate(std::size_t column, std::size_t row, std::size_t worker) {
    State& st = *state_;
    State::Worker& w = st.workers[worker];
    if (!w.scenario) w.scenario = st.base;
    Scenario& scenario = *w.scenario;
    st.axes[0].field.copy(scenario, *st.axes[0].reads[column]);
    if (st.axes.size() == 2) st.axes[1].field.copy(scenario, *st.axes[1].reads[row]);
    const Scenario* point = &scenario;
    if (st.preset) {
        w.withPreset = applyPreset(scenario, *st.preset);
        point = &w.withPreset;
    }

    // evaluate(*point)'s steps, each taken from the worker's cache when a point with the same
    // values of the axes feeding it built it: the same inputs, so the same figures.
    Outcome out;
    try {
        BondContext& context = cached(w.contexts, st.key(kProgramme, column, row),
                                      [&] { return makeBondContext(*point, st.dates); });
        context.scenario = point;
        const auto& factors = cached(w.factors, st.key(kDiscount, column, row), [&] {
            return finance::discountFactors(point->discounting, point->horizonYears);
        });
        const ResolvedNotional notional =
            notionalFollowsSchedule(*point)
                ? resolveNotionalOf(context)
                : cached(w.notionals, st.key(kNotional, column, row), [&] { return resolveNotionalOf(context); });
        const Evaluation evaluation = evaluateWith(context, factors, notional, st.options);
        out.value = st.metric(evaluation.metrics);
        out.evaluated = true;
    } catch (const InputError& e) {
        out.failure = problemsText(e);
    }
    return out;
}

}  // namespace itsb::scenarios::detail
