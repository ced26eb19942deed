// `itsb redeem [FILE] --date YYYY-MM-DD --rate R`: the PWLB premium or discount for repaying the
// bond early (SPEC §6, §9), as a short report, JSON or a key,value CSV table.

#include "command.hpp"

#include "itsb/reports/redeem_report.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/redemption.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <ostream>

namespace itsb::cli {

namespace {

//! --date and --rate as typed; parsed by the action so a malformed one is our usage error.
struct RedeemRequest {
    std::string date;
    std::string rate;
};

finance::Date parseDate(const std::string& text) {
    const auto date = finance::Date::fromIso(text);
    if (!date) throw UsageError("--date " + text + ": expected a date YYYY-MM-DD between 1901-01-01 and 2199-12-31");
    return *date;
}

//! A plain decimal ("0.045", "-0.01", "5e-2"): the whole text, finite.
finance::Rate parseRate(const std::string& text) {
    double value = 0.0;
    const char* first = text.data();
    const char* last = first + text.size();
    if (!text.empty() && *first == '+') ++first;  // from_chars refuses a leading '+'
    const bool signTwice = first != text.data() && first != last && *first == '-';
    const auto [end, ec] = std::from_chars(first, last, value);
    if (text.empty() || signTwice || ec != std::errc() || end != last || !std::isfinite(value))
        throw UsageError("--rate " + text + ": expected a decimal rate, e.g. 0.045 for 4.5 %");
    return value;
}

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
                            // The request first: a malformed date or rate is a usage error
                            // whatever the input says.
                            const auto date = parseDate(request->date);
                            const auto rate = parseRate(request->rate);
                            const auto scenario = loadScenario(*options, in);
                            scenarios::RedemptionQuote quote;
                            try {
                                quote = scenarios::redeem(scenario, date, rate);
                            } catch (const scenarios::RedemptionRequestError& e) {
                                throw UsageError(e.what());
                            }
                            const std::string format = effectiveFormat(*options);
                            if (format == "json") return emitText(*options, reports::redeemJson(quote), out);
                            if (format == "csv")
                                return emitCsv(*options, {quote.inputSha256, {}, {}},
                                              reports::redeemCsv(quote, scenario.rounding.decimals), out);
                            std::optional<scenarios::Evaluation> base;
                            if (format != "table") base = scenarios::evaluate(scenario);
                            emitDocument(*options, format, reports::redeemDocument(quote, scenario, base ? &*base : nullptr), out);
                        },
                        options});
}

}  // namespace itsb::cli
