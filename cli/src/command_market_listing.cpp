// `itsb market listing add | list | remove`: the listings councils publish on the market place
// (market/include/itsb/market/listing.hpp), kept in its database (listing_store.hpp). A listing
// comes from a JSON file or from options, which are turned into the same JSON and read by the
// same reader, so a bad value is reported with the same pointer either way.

#include "command_market.hpp"

#include "itsb/market/council_data.hpp"
#include "itsb/market/listing.hpp"
#include "itsb/market/listing_store.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/io/text_format.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <ostream>

namespace itsb::cli {

// Named, not anonymous: in a unity build this file shares a translation unit with command_market.cpp.
namespace market_listing {

const std::vector<std::string> kFormats{"table", "json", "html"};

struct AddRequest {
    std::string file;
    std::string council, service, role, maxPartners, maxDistanceKm, startFrom, startTo, note;
    bool sameCountyOnly = false;
    std::vector<std::string> exclude, weights;
    //! The options that describe a listing, by the JSON key each fills.
    std::map<std::string, CLI::Option*> inline_;

    bool given(const std::string& key) const { return inline_.at(key)->count() > 0; }
    bool anyGiven() const {
        return std::any_of(inline_.begin(), inline_.end(), [](const auto& o) { return o.second->count() > 0; });
    }
};

struct ListRequest {
    std::string council, service;
};

//! An option's text as the JSON value it stands for: a number when it reads as one, else the
//! text itself (so "--max-partners three" is reported by the reader, with its pointer).
nlohmann::json numberOrText(const std::string& text) {
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_number() && std::isfinite(parsed.get<double>())) return parsed;
    return text;
}

//! The listing the inline options describe, as the JSON a listing file would hold.
nlohmann::json inlineListing(const AddRequest& request) {
    nlohmann::json listing = nlohmann::json::object();
    if (request.given("council")) listing["council"] = request.council;
    if (request.given("service")) listing["service"] = request.service;
    if (request.given("role")) listing["role"] = request.role;
    if (request.given("max_partners")) listing["max_partners"] = numberOrText(request.maxPartners);
    if (request.given("max_distance_km")) listing["max_distance_km"] = numberOrText(request.maxDistanceKm);
    if (request.sameCountyOnly) listing["same_county_only"] = true;
    if (request.given("exclude")) listing["exclude"] = request.exclude;
    if (request.given("start_from")) listing["start_window"]["from"] = request.startFrom;
    if (request.given("start_to")) listing["start_window"]["to"] = request.startTo;
    if (request.given("weights")) {
        listing["weights"] = nlohmann::json::object();
        for (const auto& weight : request.weights) {
            const auto equals = weight.find('=');
            if (equals == std::string::npos || equals == 0)
                throw UsageError("--weight " + weight + ": expected TERM=NUMBER");
            const std::string term = weight.substr(0, equals);
            if (listing["weights"].contains(term)) throw UsageError("--weight " + term + ": given twice");
            listing["weights"][term] = numberOrText(weight.substr(equals + 1));
        }
    }
    if (request.given("note")) listing["note"] = request.note;
    return listing;
}

std::string councilLabel(const market::CouncilData& data, const std::string& gss) {
    const auto index = data.find(gss);
    return index ? data.councils()[*index].name : gss;
}

//! The hard constraints in a line: "at most 2 partners; within 40 km; same county only; ...".
std::string constraintsText(const market::Listing& listing, const market::CouncilData& data) {
    std::vector<std::string> parts;
    if (listing.maxPartners)
        parts.push_back("at most " + std::to_string(*listing.maxPartners) +
                        (*listing.maxPartners == 1 ? " partner" : " partners"));
    if (listing.maxDistanceKm) parts.push_back("within " + scenarios::formatNumber(*listing.maxDistanceKm) + " km");
    if (listing.sameCountyOnly) parts.push_back("same county only");
    if (!listing.excluded.empty()) {
        std::string names;
        for (const auto& gss : listing.excluded) names += (names.empty() ? "" : ", ") + councilLabel(data, gss);
        parts.push_back("not with " + names);
    }
    if (listing.startFrom && listing.startTo)
        parts.push_back("starting " + market::financialYearText(*listing.startFrom) + " to " +
                        market::financialYearText(*listing.startTo));
    else if (listing.startFrom)
        parts.push_back("starting " + market::financialYearText(*listing.startFrom) + " or later");
    else if (listing.startTo)
        parts.push_back("starting by " + market::financialYearText(*listing.startTo));
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : "; ") + part;
    return text.empty() ? "none" : text;
}

std::string weightsText(const market::Listing& listing) {
    std::string text;
    for (const auto& [term, weight] : listing.weights)
        text += (text.empty() ? "" : ", ") + term + " " + scenarios::formatNumber(weight);
    return text.empty() ? "none" : text;
}

//! The listings as JSON ({"key": [...]}), or as a table in a Document for table and html.
void emitListings(const CommonOptions& options, const std::string& title, const std::string& key,
                  const std::vector<market::Listing>& listings, std::ostream& out) {
    nlohmann::json json = nlohmann::json::object();
    json[key] = nlohmann::json::array();
    for (const auto& listing : listings) json[key].push_back(market::toJson(listing));
    const std::string jsonText = json.dump(2) + "\n";
    const std::string format = effectiveFormat(options);
    if (format == "json") return emitText(options, jsonText, out);

    const auto& data = market::CouncilData::builtIn();
    reports::Document document;
    document.command = options.command;
    document.commandInHeadline = true;
    document.title = title;
    document.currency = "GBP";
    auto& section = document.sections.emplace_back();
    section.title = "Listings";
    // Blocks are filled in place: moving a Block holding a Table trips GCC 12's
    // -Wmaybe-uninitialized inside std::variant.
    auto& block = section.blocks.emplace_back();
    if (listings.empty()) {
        block.content = reports::Paragraph{};
        std::get<reports::Paragraph>(block.content).lines.push_back("No listings.");
    } else {
        auto& table = block.content.emplace<reports::Table>();
        table.columns = {{"Id", true},  {"Council", false},     {"Name", false},    {"Service", false},
                         {"Role", false}, {"Constraints", false}, {"Weights", false}, {"Note", false}};
        for (const auto& listing : listings)
            table.rows.push_back({std::to_string(listing.id), listing.council, councilLabel(data, listing.council),
                                  listing.service, std::string(market::name(listing.role)),
                                  constraintsText(listing, data), weightsText(listing), listing.note});
    }
    emitDocument(options, format, document, out);
}

std::shared_ptr<CommonOptions> outputOptions(CLI::App& sub, const std::string& command) {
    auto options = std::make_shared<CommonOptions>();
    addOutputOptions(sub, *options, kFormats);
    options->command = command;
    return options;
}

void registerAdd(CLI::App& listing, std::vector<Command>& commands, std::shared_ptr<std::string> database) {
    auto request = std::make_shared<AddRequest>();
    auto* sub = listing.add_subcommand(
        "add", "Add listings from a JSON file (one listing or {\"listings\": [...]}) or from the options; prints them "
               "with their ids");
    sub->add_option("file", request->file, "Listing file (JSON); '-' reads standard input");
    auto& r = *request;
    r.inline_ = {
        {"council", sub->add_option("--council", r.council, "The council: its ONS code (E07000223) or its name")
                        ->type_name("CODE|NAME")},
        {"service", sub->add_option("--service", r.service, "The service, e.g. back_office")->type_name("SERVICE")},
        {"role", sub->add_option("--role", r.role, "offer (we provide it), seek (we want it) or open (either)")
                     ->type_name("offer|seek|open")},
        {"max_partners",
         sub->add_option("--max-partners", r.maxPartners, "At most this many other councils in a group (1 to 5)")
             ->type_name("N")},
        {"max_distance_km",
         sub->add_option("--max-distance-km", r.maxDistanceKm, "Every partner within this distance (km, up to 1000)")
             ->type_name("KM")},
        {"same_county_only", sub->add_flag("--same-county-only", r.sameCountyOnly, "Only partners in the council's county")},
        {"exclude", sub->add_option("--exclude", r.exclude, "Never partner with these councils (ONS codes, comma-separated)")
                        ->delimiter(',')
                        ->type_name("CODE,...")},
        {"start_from",
         sub->add_option("--start-from", r.startFrom, "The first financial year a partnership could start (2027/28)")
             ->type_name("YYYY/YY")},
        {"start_to",
         sub->add_option("--start-to", r.startTo, "The last financial year it could start (2029/30)")->type_name("YYYY/YY")},
        {"weights", sub->add_option("--weight", r.weights,
                                    "Weight of a value term, 0 to 10 (default 1), repeatable: distance, partners, "
                                    "tier_mismatch, size_imbalance, county_crossing, deprivation, rural_urban")
                        ->type_name("TERM=X")
                        ->allow_extra_args(false)},
        {"note", sub->add_option("--note", r.note, "Free text, one line of at most 500 bytes")->type_name("TEXT")},
    };
    auto options = outputOptions(*sub, "market listing add");
    commands.push_back(
        {sub,
         [options, request, database](std::istream& in, std::ostream& out) {
             const auto& data = market::CouncilData::builtIn();
             const bool inlineGiven = request->anyGiven();
             if (request->file.empty() && !inlineGiven)
                 throw UsageError("market listing add: give a listing file (or - for standard input) or --council, "
                                  "--service and --role");
             effectiveFormat(*options);  // a bad --output is refused before anything is stored
             std::vector<market::Listing> listings;
             if (!request->file.empty()) {
                 options->file = request->file;  // names the file in the problems' heading
                 listings = market::readListings(scenarios::parseInputJson(readInputText(request->file, in)), data);
             }
             if (inlineGiven) {
                 options->file = "the command line";
                 listings.push_back(market::readListing(inlineListing(*request), data));
             }
             const auto stored =
                 withStore(*database, [&](market::ListingStore& store) { return store.add(listings); });
             emitListings(*options, stored.size() == 1 ? "Listing added" : "Listings added", "listings", stored, out);
         },
         options});
}

void registerList(CLI::App& listing, std::vector<Command>& commands, std::shared_ptr<std::string> database) {
    auto request = std::make_shared<ListRequest>();
    auto* sub = listing.add_subcommand("list", "The listings, by id; only a council's or a service's when asked");
    sub->add_option("--council", request->council, "Only this council's listings (ONS code or name)")
        ->type_name("CODE|NAME");
    sub->add_option("--service", request->service, "Only this service's listings")->type_name("SERVICE");
    auto options = outputOptions(*sub, "market listing list");
    commands.push_back(
        {sub,
         [options, request, database](std::istream&, std::ostream& out) {
             const auto& data = market::CouncilData::builtIn();
             std::optional<std::string> council, service;
             std::string title = "Listings";
             if (!request->council.empty()) {
                 const std::size_t index = councilNamed(data, request->council, "--council");
                 council = data.councils()[index].gss;
                 title += " of " + data.councils()[index].name + " (" + *council + ")";
             }
             if (!request->service.empty()) {
                 checkService(data, request->service);
                 service = request->service;
                 title += (council ? ", " : " for ") + *service;
             }
             effectiveFormat(*options);
             const auto listings =
                 withStore(*database, [&](const market::ListingStore& store) { return store.list(council, service); });
             emitListings(*options, title, "listings", listings, out);
         },
         options});
}

void registerRemove(CLI::App& listing, std::vector<Command>& commands, std::shared_ptr<std::string> database) {
    auto id = std::make_shared<std::string>();
    auto* sub = listing.add_subcommand("remove", "Remove a listing by its id; prints what was removed");
    sub->add_option("id", *id, "The listing's id (market listing list shows them)")->required()->type_name("ID");
    auto options = outputOptions(*sub, "market listing remove");
    commands.push_back(
        {sub,
         [options, id, database](std::istream&, std::ostream& out) {
             std::int64_t number = 0;
             const char* end = id->data() + id->size();
             const auto [stop, error] = std::from_chars(id->data(), end, number);
             if (id->empty() || error != std::errc() || stop != end || number < 1)
                 throw UsageError("market listing remove: a listing's id is a whole number of 1 or more, got \"" + *id +
                                  "\"");
             effectiveFormat(*options);
             const auto removed = withStore(*database, [&](market::ListingStore& store) {
                 auto found = store.get(number);
                 if (!found || !store.remove(number))
                     throw UsageError("no listing with id " + *id + " in " + databasePath(*database));
                 return *found;
             });
             emitListings(*options, "Listing removed", "removed", {removed}, out);
         },
         options});
}

}  // namespace market_listing

void registerMarketListingCommands(CLI::App& market, std::vector<Command>& commands,
                                   std::shared_ptr<std::string> database) {
    auto* listing = market.add_subcommand(
        "listing", "Councils' listings: offer, seek or open to sharing a service, with constraints and weights");
    listing->require_subcommand(1);
    market_listing::registerAdd(*listing, commands, database);
    market_listing::registerList(*listing, commands, database);
    market_listing::registerRemove(*listing, commands, database);
}

}  // namespace itsb::cli
