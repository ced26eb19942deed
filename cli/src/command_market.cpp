// `itsb market suggest | match | price` (and `listing`, command_market_listing.cpp): the market
// place, where councils find partners for a shared service, the best consortia across England are
// proven by set packing, and each proposal is priced as an invest-to-save bond.

#include "command_market.hpp"

#include "itsb/market/match.hpp"
#include "itsb/market/pricing.hpp"
#include "itsb/market/suggest.hpp"
#include "itsb/reports/market_report.hpp"
#include "itsb/reports/run_report.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <stdexcept>

namespace itsb::cli {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

std::size_t councilNamed(const market::CouncilData& data, const std::string& text, const std::string& option) {
    if (const auto found = market::findCouncil(data, text)) return *found;
    std::string upper = text;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (const auto found = data.find(upper)) return *found;  // a code in lower case
    const std::string wanted = lower(text);
    std::string close;
    for (const auto& c : data.councils())
        if (lower(c.name).find(wanted) != std::string::npos && !wanted.empty())
            close += (close.empty() ? "" : ", ") + c.name + " (" + c.gss + ")";
    throw UsageError((option.empty() ? "" : option + ": ") + "no current English principal council is called \"" + text +
                     "\"" +
                     (close.empty() ? std::string(" (give its ONS code, e.g. E07000223, or its name)")
                                    : " (did you mean " + close + "?)"));
}

void checkService(const market::CouncilData& data, const std::string& service) {
    const auto& services = data.services();
    if (std::find(services.begin(), services.end(), service) != services.end()) return;
    std::string list;
    for (const auto& s : services) list += (list.empty() ? "" : ", ") + s;
    throw UsageError("--service: unknown service \"" + service + "\" (services: " + list + ")");
}

namespace {


struct SuggestRequest {
    std::string council;
    std::string service = "back_office";
    std::size_t top = 5;
    std::size_t maxSize = 4;
    bool noPrice = false;
};

struct MatchRequest {
    std::string service = "back_office";
    std::size_t maxSize = 4;
    std::string region;
    bool priced = false;
    std::string shares = "equal";
    double maxSeconds = 300.0;
};

struct PriceRequest {
    std::string councils;
    std::string service = "back_office";
    std::string shares = "spend";
    std::string writeInput;
    bool report = false;
};

void registerSuggest(CLI::App& market, std::vector<Command>& commands, std::shared_ptr<std::string> database) {
    auto options = std::make_shared<CommonOptions>();
    auto request = std::make_shared<SuggestRequest>();
    auto* sub = market.add_subcommand("suggest", "A council's best partners and groups for a service, with the reasons");
    sub->add_option("council", request->council, "The council: its ONS code (E07000223) or its name")->required();
    sub->add_option("--service", request->service, "The service to share (default back_office)");
    sub->add_option("--top", request->top, "How many groups to list (1 to 100, default 5)")
        ->check(wholeNumberBetween(1, 100));
    sub->add_option("--max-size", request->maxSize, "The largest group, 2 to 6 councils (default 4)")
        ->check(wholeNumberBetween(2, 6));
    sub->add_flag("--no-price", request->noPrice, "Do not price the groups through the bond engine");
    addOutputOptions(*sub, *options, {"table", "json", "md", "html"});
    commands.push_back({sub,
                        [options, request, database](std::istream&, std::ostream& out) {
                            const auto& data = market::CouncilData::builtIn();
                            const std::size_t council = councilNamed(data, request->council);
                            checkService(data, request->service);
                            market::SuggestOptions o;
                            o.service = request->service;
                            o.top = request->top;
                            o.maxSize = request->maxSize;
                            o.price = !request->noPrice;
                            const auto result =
                                market::suggest(data, council, withStore(*database, [&](const market::ListingStore& store) { return store.list(std::nullopt, request->service); }), o);
                            const std::string format = effectiveFormat(*options);
                            if (format == "json") return emitText(*options, reports::suggestJson(result, data), out);
                            emitDocument(*options, format, reports::suggestDocument(result, data), out);
                        },
                        options});
}

void registerMatch(CLI::App& market, std::vector<Command>& commands, std::shared_ptr<std::string> database) {
    auto options = std::make_shared<CommonOptions>();
    auto request = std::make_shared<MatchRequest>();
    auto* sub = market.add_subcommand(
        "match", "The best disjoint consortia for a service across England: set packing solved to proven optimality (CBC)");
    sub->add_option("--service", request->service, "The service to share (default back_office)");
    sub->add_option("--max-size", request->maxSize, "The largest consortium, 2 to 6 councils (default 4)")
        ->check(wholeNumberBetween(2, 6));
    sub->add_option("--region", request->region, "Only the councils of this region (e.g. \"South East\")");
    sub->add_flag("--priced", request->priced,
                  "Weigh each candidate by the engine's NPV after financing instead of its score (prices every candidate)");
    sub->add_option("--shares", request->shares, "How a consortium's value is split for the stability check")
        ->check(CLI::IsMember({"equal", "spend", "shapley"}));
    sub->add_option("--max-seconds", request->maxSeconds, "Stop the solver after this long and report its gap (default 300)")
        ->check(numberBetween(0, false, 86400));
    addOutputOptions(*sub, *options, {"table", "json", "md", "html"});
    commands.push_back({sub,
                        [options, request, database](std::istream&, std::ostream& out) {
                            const auto& data = market::CouncilData::builtIn();
                            checkService(data, request->service);
                            market::MatchOptions o;
                            o.service = request->service;
                            o.maxSize = request->maxSize;
                            if (!request->region.empty()) {
                                const auto names = market::regions(data);
                                if (!std::binary_search(names.begin(), names.end(), request->region)) {
                                    std::string list;
                                    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
                                    throw UsageError("--region: unknown region \"" + request->region + "\" (regions: " + list + ")");
                                }
                                o.region = request->region;
                            }
                            o.priced = request->priced;
                            o.shares = *market::shareRuleNamed(request->shares);
                            o.maxSeconds = request->maxSeconds;
                            if (options->progress)
                                o.progress = [progress = options->progress](long long done, long long total) {
                                    if (done % 100 == 0 || done == total)
                                        writeProgress(*progress, "market match", done, total, "candidates priced");
                                };
                            const auto listings = withStore(*database, [&](const market::ListingStore& store) { return store.list(std::nullopt, request->service); });
                            market::MatchResult result;
                            try {
                                result = market::match(data, listings, o);
                            } catch (const std::invalid_argument& e) {
                                throw UsageError(e.what());
                            }
                            const std::string format = effectiveFormat(*options);
                            if (format == "json") return emitText(*options, reports::matchJson(result, data), out);
                            emitDocument(*options, format, reports::matchDocument(result, data), out);
                        },
                        options});
}

void registerPrice(CLI::App& market, std::vector<Command>& commands) {
    auto options = std::make_shared<CommonOptions>();
    auto request = std::make_shared<PriceRequest>();
    auto* sub = market.add_subcommand(
        "price", "Price a group as an invest-to-save bond: a complete itsb input, the shares and every sub-group's NPV");
    sub->add_option("councils", request->councils, "The group: 2 to 6 ONS codes or names, comma-separated")->required();
    sub->add_option("--service", request->service, "The service to share (default back_office)");
    sub->add_option("--shares", request->shares, "How the group's NPV after financing is split (default spend)")
        ->check(CLI::IsMember({"equal", "spend", "shapley", "nucleolus"}));
    sub->add_option("--set", options->sets,
                    "Override the written input (and every sub-group's): --set /json/pointer=VALUE, e.g. "
                    "/programme/cost_optimism_bias=0.3")
        ->allow_extra_args(false)
        ->type_name("/POINTER=VALUE");
    sub->add_option("--write-input", request->writeInput, "Also write the group's itsb input to this file (atomically)");
    sub->add_flag("--report", request->report, "Write the full itsb report of the group's input instead (any format)");
    addOutputOptions(*sub, *options, {"table", "json", "md", "html", "csv", "xlsx"});
    options->file = "the priced group's input";
    commands.push_back(
        {sub,
         [options, request](std::istream&, std::ostream& out) {
             const auto& data = market::CouncilData::builtIn();
             const std::string format = effectiveFormat(*options);
             if (!request->report && (format == "csv" || format == "xlsx"))
                 throw UsageError("--format " + format + " needs --report (the group's full itsb report)");
             std::vector<std::size_t> members;
             std::string rest = request->councils;
             while (true) {
                 const auto comma = rest.find(',');
                 std::string one = rest.substr(0, comma);
                 one.erase(0, one.find_first_not_of(' '));
                 one.erase(one.find_last_not_of(' ') + 1);
                 const std::size_t council = councilNamed(data, one);
                 if (std::find(members.begin(), members.end(), council) != members.end())
                     throw UsageError("councils: " + data.councils()[council].name + " is named twice");
                 members.push_back(council);
                 if (comma == std::string::npos) break;
                 rest = rest.substr(comma + 1);
             }
             if (members.size() < 2 || members.size() > 6)
                 throw UsageError("councils: a group has 2 to 6 councils, got " + std::to_string(members.size()));
             checkService(data, request->service);
             market::PricingOptions pricing;
             pricing.sets = options->sets;
             market::PricedConsortium priced;
             try {
                 priced = market::priceConsortium(data, members, request->service, *market::shareRuleNamed(request->shares),
                                                  pricing);
             } catch (const std::domain_error& e) {
                 throw UsageError(e.what());
             }
             const std::string inputText = priced.input.dump(2) + "\n";
             if (!request->writeInput.empty()) {
                 CommonOptions file = *options;
                 file.output = request->writeInput;
                 emitText(file, inputText, out);
             }
             if (request->report) {
                 CommonOptions run = *options;
                 run.command = "run";
                 run.sets.clear();
                 api::Request call;
                 call.command = "run";
                 call.input = inputText;
                 call.forWorkbook = format == "xlsx";
                 emitRunReport(callApi(call), reports::ReportScope::Run, run, out);
                 return;
             }
             if (format == "json") return emitText(*options, reports::priceJson(priced, data), out);
             emitDocument(*options, format, reports::priceDocument(priced, data), out);
         },
         options});
}

}  // namespace

void registerMarketCommands(CLI::App& app, std::vector<Command>& commands) {
    auto database = std::make_shared<std::string>();
    auto* market = app.add_subcommand(
        "market", "The market place: find partners for a shared service, the best consortia, each priced as a bond");
    market->require_subcommand(1);
    market->fallthrough();  // --db may also come after the subcommand
    market->add_option("--db", *database,
                       "The market place's database (created on first use; default " + market::defaultDatabasePath() + ")");
    registerSuggest(*market, commands, database);
    registerMatch(*market, commands, database);
    registerPrice(*market, commands);
    registerMarketListingCommands(*market, commands, database);
}

}  // namespace itsb::cli
