// `itsb size`: how much the savings can carry, what funds the costs, what saving rate breaks
// even by year K, what coupon the savings can bear.

#include "command.hpp"

#include "itsb/reports/size_report.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/sizing.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

namespace itsb::cli {

namespace {

struct SizeOptions : CommonOptions {
    double targetDscr = 1.25;
    int breakEvenBy = 5;
};

}  // namespace

void registerSizeCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<SizeOptions>();
    auto* sub = app.add_subcommand("size", "Sizing answers: max notional for a DSCR target, notional to fund the costs, "
                                           "saving rate needed to break even by a year, highest coupon the savings bear");
    addInputOptions(*sub, *options, {"table", "json", "csv", "md", "html"});
    // The same range as the input's {"target_min_dscr": D}.
    sub->add_option("--target-dscr", options->targetDscr, "Minimum DSCR to size against, above 0 and at most 100 (default 1.25)")
        ->check(numberBetween(0.0, false, 100.0));
    sub->add_option("--break-even-by", options->breakEvenBy, "Programme year to break even by (default 5)");
    commands.push_back({sub,
                        [options](std::istream& in, std::ostream& out) {
                            const auto scenario = loadScenario(*options, in);
                            if (options->breakEvenBy < 0 || options->breakEvenBy > scenario.horizonYears)
                                throw UsageError("--break-even-by " + std::to_string(options->breakEvenBy) +
                                                 ": must be a programme year between 0 and the horizon " +
                                                 std::to_string(scenario.horizonYears));
                            const auto report = scenarios::sizeScenario(scenario, options->targetDscr, options->breakEvenBy);
                            const std::string format = effectiveFormat(*options);
                            if (format == "json") return emitText(*options, reports::sizeJson(scenario, report), out);
                            if (format == "csv") return emitCsv(*options, {scenarios::inputSha256(scenario), {}, {}}, reports::sizeCsv(scenario, report), out);
                            std::optional<scenarios::Evaluation> base;
                            if (format != "table") base = scenarios::evaluate(scenario);
                            emitDocument(*options, format, reports::sizeDocument(scenario, report, base ? &*base : nullptr), out);
                        },
                        options});
}

}  // namespace itsb::cli
