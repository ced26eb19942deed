// `itsb size`: how much the savings can carry, what funds the costs, what saving rate breaks
// even by year K, what coupon the savings can bear.

#include "command.hpp"

#include "itsb/reports/size_report.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

namespace itsb::cli {

namespace {

struct SizeOptions : CommonOptions {
    double targetDscr = 1.25;
    int breakEvenBy = 5;
    std::string basis = "cash";
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
    sub->add_option("--break-even-by", options->breakEvenBy,
                    "Programme year to break even by, 0 to the horizon (default 5); with --basis revenue a financial "
                    "year, 1 to the horizon");
    addBasisOption(*sub, options->basis,
                   "the saving rate to break even by --break-even-by is searched on the revenue account");
    commands.push_back({sub,
                        [options](std::istream& in, std::ostream& out) {
                            const std::string format = effectiveFormat(*options);
                            auto request = apiRequest(*options, in);
                            request.targetDscr = options->targetDscr;
                            request.breakEvenBy = options->breakEvenBy;
                            request.basis = options->basis;
                            request.withEvaluation = showsKeyFigures(format);
                            const auto result = callApi(request);
                            const auto& scenario = *result.scenario;
                            if (format == "json") return emitText(*options, result.json(), out);
                            if (format == "csv")
                                return emitCsv(*options, {result.sizing->inputSha256, {}, {}},
                                               reports::sizeCsv(scenario, *result.sizing), out);
                            emitDocument(*options, format,
                                         reports::sizeDocument(scenario, *result.sizing,
                                                               result.evaluation ? &*result.evaluation : nullptr),
                                         out);
                        },
                        options});
}

}  // namespace itsb::cli
