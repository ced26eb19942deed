// `itsb redeem [FILE] --date YYYY-MM-DD --rate R`: the PWLB premium or discount for repaying the
// bond early (SPEC §6, §9), as a short report, JSON or a key,value CSV table.

#include "command.hpp"

#include "itsb/reports/redeem_report.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

namespace itsb::cli {

namespace {

//! --date and --rate as typed: the api parses them, so a malformed one is a usage error.
struct RedeemRequest {
    std::string date;
    std::string rate;
};

}  // namespace

void registerRedeemCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<CommonOptions>();
    auto request = std::make_shared<RedeemRequest>();
    auto* sub = app.add_subcommand(
        "redeem", "Early repayment on --date at --rate: the PWLB premium (+) or discount (-), DMO formula");
    addInputOptions(*sub, *options, {"table", "json", "csv", "md", "html"});
    sub->add_option("--date", request->date, "Repayment date, YYYY-MM-DD, from the issue date to before maturity")
        ->required()
        ->type_name("YYYY-MM-DD");
    sub->add_option("--rate", request->rate, "Premature repayment rate, a decimal (0.045 = 4.5 %)")
        ->required()
        ->type_name("R");
    commands.push_back({sub,
                        [options, request](std::istream& in, std::ostream& out) {
                            const std::string format = effectiveFormat(*options);
                            auto call = apiRequest(*options, in);
                            call.date = request->date;
                            call.rate = request->rate;
                            call.withEvaluation = showsKeyFigures(format);
                            const auto result = callApi(call);
                            const auto& quote = *result.redemption;
                            if (format == "json") return emitText(*options, result.json(), out);
                            if (format == "csv")
                                return emitCsv(*options, {quote.inputSha256, {}, {}},
                                               reports::redeemCsv(quote, result.scenario->rounding.decimals), out);
                            emitDocument(*options, format,
                                         reports::redeemDocument(quote, *result.scenario,
                                                                 result.evaluation ? &*result.evaluation : nullptr),
                                         out);
                        },
                        options});
}

}  // namespace itsb::cli
