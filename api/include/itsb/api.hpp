#pragma once
// itsb for programs: one call, a request in (the command, the scenario as JSON text, its
// options), a result out (the answer as values, the warnings as data, the input's problems).
// The `itsb` program, a web server and a language binding all call this; none needs the
// command line. Nothing here prints, exits or throws for a bad request or a bad input: the
// result says what was wrong (`status`, `usageError`, `problems`).
//
//   itsb::api::Request request;             // "run" on the built-in default pilot
//   request.overrides = {{"/bond/coupon", "0.05"}};
//   const auto result = itsb::api::call(request);
//   if (result.ok()) std::cout << *result.metric("npv_after_financing") << "\n";

#include "itsb/reports/sensitivity_report.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/model/comparison.hpp"
#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/redemption.hpp"
#include "itsb/scenarios/model/simulation.hpp"
#include "itsb/scenarios/model/sizing.hpp"
#include "itsb/scenarios/model/warning.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsb::api {

//! The commands, as the `itsb` program names them.
const std::vector<std::string>& commands();

struct Request {
    //! run, schedule, validate, example, size, compare, sensitivity, redeem or simulate.
    std::string command = "run";
    //! The scenario as JSON text; none: the built-in default pilot.
    std::optional<std::string> input;
    //! Values set at JSON pointers before the input is read (`--set /pointer=value`), in order.
    std::vector<scenarios::Override> overrides;
    //! A preset by name (`--preset`): it replaces the service lines, except in `compare`, where
    //! it is the one preset shown beside the proposal. Empty: none.
    std::string preset;

    // size, compare, sensitivity
    //! Whose break-even (`--basis`): "cash", the council's cumulative position, or "revenue", its
    //! revenue account's cumulative net revenue effect (the input needs council_finance). size
    //! searches the saving rate on it, compare also shows the revenue metrics, sensitivity's
    //! default tornado shows revenue_break_even_year instead of break_even_year.
    std::string basis = "cash";
    // size
    double targetDscr = 1.25;  //!< above 0, at most 100
    int breakEvenBy = 5;       //!< a programme year, 0 to the horizon (revenue basis: 1 to the horizon)
    // sensitivity
    std::vector<std::string> metrics;  //!< numeric metric keys; none: the defaults
    std::vector<std::string> grids;    //!< "/pointer=from:to:step", once or twice; none: a tornado
    // redeem
    std::string date;  //!< YYYY-MM-DD
    std::string rate;  //!< a decimal, "0.045"
    // simulate
    std::optional<std::int64_t> paths;  //!< none: the input's uncertainty.paths
    std::optional<std::uint64_t> seed;  //!< none: the input's uncertainty.seed

    //! Threads for compare, sensitivity and simulate; the answer is the same for any number.
    int threads = 1;
    //! Also evaluate the scenario in full for size, compare, sensitivity, redeem and simulate
    //! (the rich reports show its key figures): Result::evaluation.
    bool withEvaluation = false;
    //! Also compute what a run workbook shows besides the report (EvaluateOptions::workbook and
    //! the sized notional's neighbour): Result::evaluation->workbook, Result::neighbour.
    bool forWorkbook = false;
    //! Called as long work advances, (done, in all), from worker threads one call at a time.
    std::function<void(long long, long long)> progress;
};

enum class Status {
    Ok = 0,             //!< the answer is in the result
    InputProblems = 1,  //!< the scenario is invalid or cannot be evaluated: `problems`
    UsageError = 2,     //!< the request cannot be carried out as written: `usageError`
};

struct Result {
    std::string command;
    Status status = Status::Ok;
    std::string usageError;
    std::vector<scenarios::InputProblem> problems;  //!< the first 200 (InputError's limit)
    std::size_t unlistedProblems = 0;               //!< problems beyond those listed

    std::optional<scenarios::Scenario> scenario;      //!< as read, after overrides and the preset
    std::optional<scenarios::Evaluation> evaluation;  //!< run, schedule, validate; others when asked
    std::optional<scenarios::NotionalNeighbour> neighbour;  //!< with forWorkbook
    std::optional<scenarios::SizingReport> sizing;
    std::optional<scenarios::Comparison> comparison;
    std::optional<reports::SensitivityReport> sensitivity;
    std::optional<scenarios::RedemptionQuote> redemption;
    std::optional<scenarios::SimulationResult> simulation;
    std::string exampleText;  //!< example: the default pilot as an input file

    bool ok() const { return status == Status::Ok; }
    //! The answer's warnings, as data (reports::warningText words them).
    std::vector<scenarios::Warning> warnings() const;
    //! A metric of the evaluation by its key ("project_npv", "min_dscr", ...); none when there is
    //! no evaluation, the key is not a numeric metric or the metric is null.
    std::optional<double> metric(std::string_view key) const;
    //! The answer as the JSON report `itsb COMMAND --format json` writes (validate: whether the
    //! input is valid and its problems, even when it is not).
    std::string json() const;
};

//! Carries out `request`. Never throws for a bad request or input; an internal error
//! (std::exception) propagates.
Result call(const Request& request);

}  // namespace itsb::api
