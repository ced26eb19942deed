#include "itsb/scenarios/engine/sensitivity.hpp"

#include "itsb/finance/parallel.hpp"
#include "grid_engine.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>

namespace itsb::scenarios {

namespace {

using nlohmann::json;

// ---- numbers as typed -------------------------------------------------------------------

//! Significant digits kept in every bumped input and grid point: enough for any rate or amount
//! an input holds, few enough that 0.1 + 0.2 reads 0.3 and the value can be typed into --set.
constexpr int kSignificantDigits = 12;

double roundSignificant(double value) {
    if (value == 0.0 || !std::isfinite(value)) return value == 0.0 ? 0.0 : value;
    char buffer[64];
    const auto written =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, kSignificantDigits);
    double rounded = value;
    std::from_chars(buffer, written.ptr, rounded);
    return rounded == 0.0 ? 0.0 : rounded;  // no -0
}

//! Reads and evaluates a changed document; on an invalid or unevaluable input, the reason.
struct Outcome {
    std::optional<Evaluation> evaluation;
    std::string failure;
};

Outcome evaluateDocument(const json& document, const std::optional<Preset>& preset, const EvaluateOptions& options) {
    try {
        Scenario scenario = buildScenario(document);
        if (preset) scenario = applyPreset(scenario, *preset);
        return {evaluate(scenario, options), {}};
    } catch (const InputError& e) {
        return {std::nullopt, problemsText(e)};
    }
}

//! parallelFor's `finished` for `options.progress` over `total` evaluations, counting in `done`
//! (the calls are serialised); none when no progress is wanted.
std::function<void(std::size_t)> progressOf(const SensitivityOptions& options, std::size_t total, std::size_t& done) {
    if (!options.progress) return {};
    return [&options, total, &done](std::size_t) { options.progress(++done, total); };
}

// ---- JSON pointers into the document ----------------------------------------------------

//! The value `pointer` names in `document`, or nullptr; throws SensitivityError for a pointer
//! that is not RFC 6901 syntax. Array indices are digits without leading zeros, as --set reads them.
const json* locate(const json& document, const std::string& pointer) {
    if (pointer.empty() || pointer.front() != '/')
        throw SensitivityError("--grid " + pointer + ": the JSON pointer must start with \"/\" (e.g. /bond/coupon)");
    const json* here = &document;
    std::size_t start = 1;
    while (true) {
        const std::size_t slash = pointer.find('/', start);
        const std::string raw = pointer.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        std::string token;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '~') {
                token += raw[i];
                continue;
            }
            if (i + 1 >= raw.size() || (raw[i + 1] != '0' && raw[i + 1] != '1'))
                throw SensitivityError("--grid " + pointer +
                                       ": not a valid JSON pointer (\"~\" must be followed by 0 or 1)");
            token += raw[++i] == '0' ? '~' : '/';
        }
        if (here->is_object()) {
            const auto it = here->find(token);
            if (it == here->end()) return nullptr;
            here = &*it;
        } else if (here->is_array()) {
            const bool digits = !token.empty() && token.size() <= 9 && (token.size() == 1 || token[0] != '0') &&
                                std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits) return nullptr;
            const std::size_t index = std::stoul(token);
            if (index >= here->size()) return nullptr;
            here = &(*here)[index];
        } else {
            return nullptr;
        }
        if (slash == std::string::npos) return here;
        start = slash + 1;
    }
}

std::string describeValue(const json& value) {
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text + " (" + value.type_name() + ")";
}

// ---- tornado bumps ----------------------------------------------------------------------

//! One key input: how its two bumps change the canonical document.
struct Bump {
    std::string input;
    std::string pointer;
    std::string bump;
    double low = 0.0, high = 0.0;
    std::string lowText, highText;
    std::function<void(json&, double)> apply;  //!< applied with `low`, then with `high`
};

std::string percentText(double rate) { return formatNumber(roundSignificant(rate * 100.0)) + "%"; }

//! Every element's `key` multiplied by the factor.
std::function<void(json&, double)> scaleEach(std::string arrayPointer, std::string key) {
    return [arrayPointer = std::move(arrayPointer), key = std::move(key)](json& document, double factor) {
        for (auto& element : document.at(json::json_pointer(arrayPointer)))
            element.at(key) = roundSignificant(element.at(key).get<double>() * factor);
    };
}

//! The number at `pointer` set to the bumped value.
std::function<void(json&, double)> setAt(std::string pointer) {
    return [pointer = std::move(pointer)](json& document, double value) {
        document.at(json::json_pointer(pointer)) = value;
    };
}

Bump factorBump(std::string input, std::string arrayPointer, std::string key) {
    Bump b{std::move(input), arrayPointer + "/*/" + key, "x0.8 / x1.2", 0.8, 1.2, "x0.8", "x1.2", {}};
    b.apply = scaleEach(std::move(arrayPointer), std::move(key));
    return b;
}

//! A single rate bumped by -1 / +1 percentage point; low and high are the bumped rates.
Bump rateBump(std::string input, const std::string& pointer, double rate, std::string bump = "-1 pp / +1 pp") {
    const double low = roundSignificant(rate - 0.01), high = roundSignificant(rate + 0.01);
    return {std::move(input), pointer, std::move(bump), low, high, percentText(low), percentText(high), setAt(pointer)};
}

std::vector<Bump> keyInputs(const Scenario& scenario) {
    std::vector<Bump> bumps;
    bumps.push_back(factorBump("Saving rate", "/programme/service_lines", "saving_rate"));

    // Delays move in whole years: never below 0, never reaching the horizon (an input error).
    const int lastDelay = scenario.horizonYears - 1;
    bumps.push_back({"Delay", "/programme/service_lines/*/ramp/delay_years",
                     "-1 year / +1 year (floored at 0, capped at horizon - 1)",
                     -1.0, 1.0, "-1 year", "+1 year", [lastDelay](json& document, double shift) {
                         for (auto& line : document.at("programme").at("service_lines")) {
                             json& delay = line.at("ramp").at("delay_years");
                             delay = std::clamp(delay.get<int>() + static_cast<int>(shift), 0,
                                                std::max(lastDelay, delay.get<int>()));
                         }
                     }});

    bumps.push_back(factorBump("One-off costs", "/programme/one_off_costs", "amount"));
    bumps.push_back(factorBump("Running costs", "/programme/running_costs", "amount"));

    const auto& coupon = scenario.bond.coupon;
    if (coupon.fromGilt)
        bumps.push_back(rateBump("Coupon (gilt yield)", "/bond/coupon/gilt_yield", coupon.giltYield));
    else
        bumps.push_back(rateBump("Coupon", "/bond/coupon", coupon.rate));

    const auto& discounting = scenario.discounting;
    switch (discounting.method) {
        case finance::DiscountMethod::Flat:
            bumps.push_back(rateBump("Discount rate", "/discounting/rate", discounting.rate));
            break;
        case finance::DiscountMethod::Curve:
            bumps.push_back({"Discount rate", "/discounting/points/*/1", "-1 pp / +1 pp on every zero rate", -0.01,
                             0.01, "-1 pp", "+1 pp", [](json& document, double shift) {
                                 for (auto& point : document.at("discounting").at("points"))
                                     point.at(1) = roundSignificant(point.at(1).get<double>() + shift);
                             }});
            break;
        case finance::DiscountMethod::GreenBook:
            // Green Book rates are fixed by HM Treasury; the deflator is the input. Factors are
            // DF_k / (1 + inflation)^k, so +1 pp of inflation turns 3.5 % into
            // 1.035 x 1.01 - 1 = 4.535 %: about 1 pp on the real discount rate.
            bumps.push_back(rateBump("Discount rate (inflation)", "/discounting/inflation", discounting.inflation,
                                     "-1 pp / +1 pp inflation (about -1 / +1 pp on the real discount rate)"));
            break;
    }

    bumps.push_back(
        rateBump("Expenditure growth", "/programme/expenditure_growth", scenario.programme.expenditureGrowth));
    return bumps;
}

}  // namespace

// ---- metrics ----------------------------------------------------------------------------

const std::vector<std::string>& defaultTornadoMetrics(BreakEvenBasis basis) {
    static const std::vector<std::string> cash{"project_npv", "npv_after_financing", "min_dscr", "break_even_year"};
    static const std::vector<std::string> revenue{"project_npv", "npv_after_financing", "min_dscr",
                                                  "revenue_break_even_year"};
    return basis == BreakEvenBasis::Revenue ? revenue : cash;
}

void checkSensitivityMetric(std::string_view key) {
    const auto keys = numericMetricKeys();
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return;
    std::string known;
    for (const auto& k : keys) known += (known.empty() ? "" : ", ") + k;
    throw SensitivityError("--metric " + std::string(key) + ": not a numeric metric (one of: " + known + ")");
}

void checkRevenueMetricsAvailable(const std::vector<std::string>& keys, bool hasCouncilFinance) {
    if (hasCouncilFinance) return;
    for (const auto& key : keys)
        if (isRevenueMetric(key))
            throw SensitivityError("--metric " + key +
                                   ": a revenue-budget metric; the input needs a council_finance block for it, and "
                                   "has none");
}

Tornado tornado(const Scenario& scenario, const std::vector<std::string>& metrics, const SensitivityOptions& options) {
    for (const auto& metric : metrics) checkSensitivityMetric(metric);
    checkRevenueMetricsAvailable(metrics, scenario.councilFinance.has_value());
    Tornado out;
    out.metrics = metrics;

    const json canonical = canonicalJson(scenario);
    const Evaluation base = evaluate(buildScenario(canonical));

    // Each bump's two ends are independent evaluations: end 2k is bump k low, 2k + 1 high.
    const std::vector<Bump> bumps = keyInputs(scenario);
    const EvaluateOptions needed = evaluateOptionsFor(metrics);  // each bump: its metrics only
    std::vector<Outcome> outcomes(2 * bumps.size());
    std::size_t done = 0;
    finance::parallelFor(
        outcomes.size(), options.threads,
        [&](std::size_t end, std::size_t) {
            const Bump& bump = bumps[end / 2];
            json document = canonical;
            bump.apply(document, end % 2 == 1 ? bump.high : bump.low);
            outcomes[end] = evaluateDocument(document, std::nullopt, needed);
        },
        progressOf(options, outcomes.size(), done));

    struct Ends {
        const Bump* bump;
        std::optional<Evaluation> low, high;
    };
    std::vector<Ends> ends;
    for (std::size_t k = 0; k < bumps.size(); ++k) {
        const Bump& bump = bumps[k];
        out.inputs.push_back(bump.input);
        Ends e{&bump, std::nullopt, std::nullopt};
        for (const bool up : {false, true}) {
            Outcome& outcome = outcomes[2 * k + (up ? 1 : 0)];
            if (!outcome.evaluation)
                out.warnings.push_back({"bump_not_evaluable", bump.pointer,
                                        {textValue("input", bump.input),
                                         textValue("bump", up ? bump.highText : bump.lowText),
                                         textValue("problems", outcome.failure)}});
            (up ? e.high : e.low) = std::move(outcome.evaluation);
        }
        ends.push_back(std::move(e));
    }

    auto value = [](const std::optional<Evaluation>& ev, const std::string& metric) -> std::optional<double> {
        return ev ? numericMetric(ev->metrics, metric) : std::nullopt;
    };
    for (const auto& metric : metrics) {
        const bool money = metricKind(metric) == ValueKind::Amount;
        std::vector<TornadoBar> bars;
        for (const auto& e : ends) {
            const Bump& b = *e.bump;
            TornadoBar bar{b.input, b.pointer, b.bump, b.low, b.high, b.lowText, b.highText, metric,
                           numericMetric(base.metrics, metric), value(e.low, metric), value(e.high, metric),
                           std::nullopt};
            // Both ends of a money metric are rounded, so their difference is too, but for dust.
            if (bar.valueLow && bar.valueHigh) {
                const double swing = std::abs(*bar.valueHigh - *bar.valueLow);
                bar.swing = money ? scenario.rounding(swing) : swing;
            }
            bars.push_back(std::move(bar));
        }
        // Largest swing first; a bar with a null end cannot be ranked and goes last.
        std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& b) {
            if (a.swing && b.swing) return *a.swing > *b.swing;
            return a.swing.has_value() && !b.swing.has_value();
        });
        out.bars.insert(out.bars.end(), bars.begin(), bars.end());
    }
    return out;
}

// ---- grids ------------------------------------------------------------------------------

GridAxisSpec parseGridAxis(std::string_view text) {
    const std::string whole(text);
    auto fail = [&](const std::string& why) -> SensitivityError { return SensitivityError("--grid " + whole + ": " + why); };
    const std::size_t equals = whole.rfind('=');
    if (equals == std::string::npos || whole.empty() || whole.front() != '/')
        throw fail("expected /json/pointer=from:to:step (e.g. /bond/coupon=0.03:0.07:0.005)");
    GridAxisSpec axis;
    axis.text = whole;
    axis.pointer = whole.substr(0, equals);
    const std::string range = whole.substr(equals + 1);
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const std::size_t colon = range.find(':', start);
        parts.push_back(range.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    if (parts.size() != 3) throw fail("the range \"" + range + "\" must be from:to:step (three numbers)");
    double numbers[3] = {};
    const char* names[3] = {"from", "to", "step"};
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string& part = parts[i];
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), numbers[i]);
        if (part.empty() || ec != std::errc() || end != part.data() + part.size() || !std::isfinite(numbers[i]))
            throw fail(std::string(names[i]) + " \"" + part + "\" is not a finite number");
    }
    axis.from = numbers[0];
    axis.to = numbers[1];
    axis.step = numbers[2];
    gridPoints(axis);  // the range's own rules, reported with the option as written
    return axis;
}

std::vector<double> gridPoints(const GridAxisSpec& axis) {
    auto fail = [&](const std::string& why) -> SensitivityError {
        const std::string written = !axis.text.empty() ? axis.text
                                                       : axis.pointer + "=" + formatNumber(axis.from) + ":" +
                                                             formatNumber(axis.to) + ":" + formatNumber(axis.step);
        return SensitivityError("--grid " + written + ": " + why);
    };
    if (!std::isfinite(axis.from) || !std::isfinite(axis.to) || !std::isfinite(axis.step))
        throw fail("from, to and step must be finite numbers");
    if (!(axis.step > 0.0)) throw fail("step must be greater than 0, got " + formatNumber(axis.step));
    if (axis.from > axis.to)
        throw fail("from (" + formatNumber(axis.from) + ") must not be greater than to (" + formatNumber(axis.to) + ")");
    // A last point within step / 1e9 of `to` counts as `to`, so 0:0.3:0.1 has four points
    // although 3 x 0.1 > 0.3 in binary.
    constexpr double kTolerance = 1e-9;
    const double span = (axis.to - axis.from) / axis.step;
    if (!std::isfinite(span) || span + kTolerance >= static_cast<double>(kMaxGridPoints)) {
        const double count = std::floor(span + kTolerance) + 1.0;
        throw fail("that is " + (count < 1e15 ? formatNumber(count) : std::string("far more than 201")) +
                   " points; at most " + std::to_string(kMaxGridPoints) + " per axis");
    }
    const auto last = static_cast<std::size_t>(std::floor(span + kTolerance));
    std::vector<double> points;
    for (std::size_t i = 0; i <= last; ++i) {
        // Each point from `from` (not by accumulating steps, which drifts).
        double x = axis.from + static_cast<double>(i) * axis.step;
        if (i == last && std::abs(axis.to - x) <= axis.step * kTolerance) x = axis.to;
        x = roundSignificant(x);
        if (!points.empty() && x <= points.back())
            throw fail("the step is too small to tell points apart at " + std::to_string(kSignificantDigits) +
                       " significant digits");
        points.push_back(x);
    }
    return points;
}

std::string gridValueText(double value) { return formatNumber(value); }

Grid grid(const json& document, const std::vector<GridAxisSpec>& axes, const std::string& metric,
          const std::optional<Preset>& preset, const SensitivityOptions& options) {
    checkSensitivityMetric(metric);
    // A grid varies numbers only, so it never adds or removes the block.
    checkRevenueMetricsAvailable({metric}, document.is_object() && document.contains("council_finance"));
    if (axes.empty() || axes.size() > 2)
        throw SensitivityError("--grid: give one axis (a one-way grid) or two (a two-way grid), got " +
                               std::to_string(axes.size()));
    if (axes.size() == 2 && axes[0].pointer == axes[1].pointer)
        throw SensitivityError("--grid " + axes[0].pointer + ": given twice; a two-way grid varies two different inputs");

    std::vector<std::vector<double>> points;
    for (const auto& axis : axes) points.push_back(gridPoints(axis));

    // Vary the input as written when it holds every pointer as a number (exactly what --set
    // does to it); else its canonical form, where every default is written out.
    auto allNumbers = [&](const json& doc) {
        return std::all_of(axes.begin(), axes.end(), [&](const GridAxisSpec& a) {
            const json* v = locate(doc, a.pointer);
            return v != nullptr && v->is_number();
        });
    };
    json base;
    if (allNumbers(document)) {
        base = document;
    } else {
        json canonical = canonicalJson(buildScenario(document));
        if (!allNumbers(canonical)) {
            for (const auto& a : axes) {
                const json* written = locate(document, a.pointer);
                const json* filled = locate(canonical, a.pointer);
                if (written != nullptr && written->is_number() && filled != nullptr && filled->is_number()) continue;
                const json* found = written != nullptr ? written : filled;
                if (found == nullptr)
                    throw SensitivityError("--grid " + a.pointer + ": " + a.pointer +
                                           " does not exist in the input (nor among its defaults)");
                if (!found->is_number())
                    throw SensitivityError("--grid " + a.pointer + ": " + a.pointer + " is " + describeValue(*found) +
                                           ", not a number");
            }
            throw SensitivityError("--grid " + axes[0].pointer + " and " + axes[1].pointer +
                                   ": no one form of the input holds both as numbers (one is only in the input as "
                                   "written, the other only among the defaults)");
        }
        base = std::move(canonical);
    }

    Grid out;
    out.metric = metric;
    out.x = {axes[0].pointer, points[0]};
    if (axes.size() == 2) out.y = GridAxis{axes[1].pointer, points[1]};
    // Point p is column p % columns of row p / columns; each keeps only its metric (or why it
    // could not be evaluated), not its whole evaluation: a 201 x 201 grid has 40,401.
    const std::vector<double> ys = axes.size() == 2 ? points[1] : std::vector<double>{0.0};
    const std::size_t columns = points[0].size();
    struct PointResult {
        std::optional<double> value;
        std::optional<Warning> failure;  //!< when the point could not be evaluated
    };
    std::vector<PointResult> results(ys.size() * columns);
    const EvaluateOptions needed = evaluateOptionsFor({metric});  // a point: its metric only

    // The fast route reads each axis value once and evaluates the points it covers with what
    // they share built once (grid_engine.hpp); the rest are read and evaluated here, one by one.
    std::vector<std::string> pointers;
    std::vector<std::vector<std::string>> texts;
    for (std::size_t a = 0; a < axes.size(); ++a) {
        pointers.push_back(axes[a].pointer);
        texts.emplace_back();
        for (double value : points[a]) texts.back().push_back(gridValueText(value));
    }
    const auto engine = detail::GridEngine::make(base, pointers, texts, preset, metric, options.threads,
                                                 finance::parallelWorkers(results.size(), options.threads));
    std::size_t done = 0;
    finance::parallelFor(
        results.size(), options.threads,
        [&](std::size_t p, std::size_t worker) {
            const std::size_t column = p % columns, row = p / columns;
            std::vector<Override> sets{{axes[0].pointer, texts[0][column]}};
            if (out.y) sets.push_back({axes[1].pointer, texts[1][row]});
            bool failed = false;
            std::string failure;
            if (engine && engine->covers(column, row)) {
                auto outcome = engine->evaluate(column, row, worker);
                results[p].value = outcome.value;
                failed = !outcome.evaluated;
                failure = std::move(outcome.failure);
            } else {
                json changed = base;
                applyOverrides(changed, sets);
                Outcome outcome = evaluateDocument(changed, preset, needed);
                if (outcome.evaluation) results[p].value = numericMetric(outcome.evaluation->metrics, metric);
                failed = !outcome.evaluation;
                failure = std::move(outcome.failure);
            }
            if (failed) {
                std::vector<std::string> setPointers, values;
                for (const auto& s : sets) {
                    setPointers.push_back(s.pointer);
                    values.push_back(s.value);
                }
                results[p].failure = Warning{"point_not_evaluable", "",
                                             {textList("pointers", std::move(setPointers)),
                                              textList("values", std::move(values)),
                                              textValue("problems", std::move(failure))}};
            }
        },
        progressOf(options, results.size(), done));

    // Rows and warnings in point order, whichever thread finished first.
    for (std::size_t row = 0; row < ys.size(); ++row) {
        std::vector<std::optional<double>> values;
        for (std::size_t column = 0; column < columns; ++column) {
            const PointResult& r = results[row * columns + column];
            if (r.failure) out.warnings.push_back(*r.failure);
            values.push_back(r.value);
        }
        out.values.push_back(std::move(values));
    }
    return out;
}

}  // namespace itsb::scenarios
