// The market place's listings: the reader's rules with their exact messages, the SQLite store
// (round trip, migrations, refusals, all-or-none adds, a process killed mid-write) and
// `itsb market listing add|list|remove`.

#include "cli_harness.hpp"
#include "itsb/market/council_data.hpp"
#include "itsb/market/listing.hpp"
#include "itsb/market/listing_store.hpp"
#include "itsb/scenarios/io/input_error.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <fstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace listings_test {

using itsb::market::CouncilData;
using itsb::market::Listing;
using itsb::market::ListingRole;
using itsb::market::ListingStore;
using itsb::market::StoreError;
using itsb::scenarios::InputError;
using nlohmann::json;

const CouncilData& data() { return CouncilData::builtIn(); }

//! Adur offers its back office to at most two partners within 40 km in West Sussex, never with
//! Arun, from 2027/28 to 2029/30, caring twice as much as usual about distance.
json fullListing() {
    return json::parse(R"({"council": "E07000223", "service": "back_office", "role": "offer", "max_partners": 2,
        "max_distance_km": 40.5, "same_county_only": true, "exclude": ["E07000224"],
        "start_window": {"from": "2027/28", "to": "2029/30"}, "weights": {"distance": 2, "partners": 0.5},
        "note": "Shared revenues and benefits"})");
}

json minimalListing(const std::string& council = "E07000229", const std::string& service = "back_office") {
    return {{"council", council}, {"service", service}, {"role", "seek"}};
}

//! Every problem's message, as the program prints them.
std::vector<std::string> messagesOf(const std::function<void()>& read) {
    try {
        read();
    } catch (const InputError& e) {
        std::vector<std::string> messages;
        for (const auto& p : e.problems()) messages.push_back(p.message());
        return messages;
    }
    return {};
}

std::vector<std::string> listingProblems(const json& listing) {
    return messagesOf([&] { (void)itsb::market::readListing(listing, data()); });
}

bool sameListing(const Listing& a, const Listing& b) {
    return a.council == b.council && a.service == b.service && a.role == b.role && a.maxPartners == b.maxPartners &&
           a.maxDistanceKm == b.maxDistanceKm && a.sameCountyOnly == b.sameCountyOnly && a.excluded == b.excluded &&
           a.startFrom == b.startFrom && a.startTo == b.startTo && a.weights == b.weights && a.note == b.note;
}

//! Runs SQL on the file directly, as another program (or a newer itsb) would.
void rawSql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE_MESSAGE(code == SQLITE_OK, text);
}

std::int64_t rawCount(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    const auto n = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return n;
}

std::string storeError(const std::string& path) {
    try {
        ListingStore store(path);
    } catch (const StoreError& e) {
        return e.what();
    }
    return "";
}

struct BadListing {
    const char* what;
    json listing;
    std::vector<std::string> messages;
};

//! The minimal listing with `key` set to `value` (or removed when `value` is discarded).
json with(const std::string& key, json value, json listing = fullListing()) {
    if (value.is_discarded())
        listing.erase(key);
    else
        listing[key] = std::move(value);
    return listing;
}

const json kGone = json(json::value_t::discarded);

const std::string kKeys = R"("council", "service", "role", "max_partners", "max_distance_km", "same_county_only", )"
                          R"("exclude", "start_window", "weights", "note")";
const std::string kServices = R"("back_office", "highways_transport", "childrens_social_care", "adult_social_care", )"
                              R"("public_health", "housing_general_fund", "cultural", "environmental_regulatory", )"
                              R"("planning_development")";
const std::string kTerms = R"("distance", "partners", "tier_mismatch", "size_imbalance", "county_crossing", )"
                           R"("deprivation", "rural_urban")";
const std::string kCouncilRule = "must be a current English principal council's ONS code or name";
const std::string kYearRule = "must be a financial year written YYYY/YY (2027/28), from 2000/01 to 2099/00";

std::vector<BadListing> badListings() {
    const std::string longNote(501, 'x');
    return {
        {"not an object", json::array({1}), {"must be a listing (a JSON object), got [1]"}},
        {"unknown key", with("colour", "red"), {"/colour: unknown key (allowed: " + kKeys + ")"}},
        {"an id", with("id", 3), {"/id: is given by the store when a listing is added (remove it), got 3"}},
        {"no council", with("council", kGone), {"/council: is required"}},
        {"unknown council", with("council", "E99999999"), {"/council: " + kCouncilRule + ", got \"E99999999\""}},
        {"a former council", with("council", "E07000048"), {"/council: " + kCouncilRule + ", got \"E07000048\""}},
        {"council not text", with("council", 7), {"/council: " + kCouncilRule + ", got 7"}},
        {"no service", with("service", kGone), {"/service: is required"}},
        {"unknown service", with("service", "bins"), {"/service: must be one of " + kServices + ", got \"bins\""}},
        {"no role", with("role", kGone), {"/role: is required"}},
        {"unknown role", with("role", "sell"), {R"(/role: must be one of "offer", "seek", "open", got "sell")"}},
        {"too many partners", with("max_partners", 9), {"/max_partners: must be a whole number from 1 to 5, got 9"}},
        {"no partners", with("max_partners", 0), {"/max_partners: must be a whole number from 1 to 5, got 0"}},
        {"half a partner", with("max_partners", 2.5), {"/max_partners: must be a whole number from 1 to 5, got 2.5"}},
        {"partners as text", with("max_partners", "3"), {"/max_partners: must be a whole number from 1 to 5, got \"3\""}},
        {"huge partners", with("max_partners", json(18446744073709551615ull)),
         {"/max_partners: must be a whole number from 1 to 5, got 18446744073709551615"}},
        {"zero distance", with("max_distance_km", 0),
         {"/max_distance_km: must be a number greater than 0 and at most 1000, got 0"}},
        {"negative distance", with("max_distance_km", -5),
         {"/max_distance_km: must be a number greater than 0 and at most 1000, got -5"}},
        {"distance beyond England", with("max_distance_km", 1000.5),
         {"/max_distance_km: must be a number greater than 0 and at most 1000, got 1000.5"}},
        {"distance as text", with("max_distance_km", "40"),
         {"/max_distance_km: must be a number greater than 0 and at most 1000, got \"40\""}},
        {"county flag not boolean", with("same_county_only", "yes"),
         {"/same_county_only: must be true or false, got \"yes\""}},
        {"exclude not an array", with("exclude", "E07000224"),
         {"/exclude: must be an array of councils' ONS codes or names, got \"E07000224\""}},
        {"exclude unknown", with("exclude", {"E07000224", "Nowhere"}), {"/exclude/1: " + kCouncilRule + ", got \"Nowhere\""}},
        {"exclude twice", with("exclude", {"E07000229", "worthing"}), {"/exclude/1: repeats /exclude/0, got \"worthing\""}},
        {"exclude itself", with("exclude", {"Adur"}), {"/exclude/0: must not be the listing's own council, got \"Adur\""}},
        {"window not an object", with("start_window", "2027/28"),
         {"/start_window: must be an object with \"from\" and \"to\" financial years, got \"2027/28\""}},
        {"window unknown key", with("start_window", {{"form", "2027/28"}}),
         {R"(/start_window/form: unknown key (allowed: "from", "to"))"}},
        {"years not consecutive", with("start_window", {{"from", "2027/29"}}),
         {"/start_window/from: " + kYearRule + ", got \"2027/29\""}},
        {"year before 2000", with("start_window", {{"from", "1999/00"}}),
         {"/start_window/from: " + kYearRule + ", got \"1999/00\""}},
        {"year after 2099", with("start_window", {{"to", "2100/01"}}), {"/start_window/to: " + kYearRule + ", got \"2100/01\""}},
        {"year as a date", with("start_window", {{"from", "2027-28"}}),
         {"/start_window/from: " + kYearRule + ", got \"2027-28\""}},
        {"year as a number", with("start_window", {{"from", 2027}}), {"/start_window/from: " + kYearRule + ", got 2027"}},
        {"window backwards", with("start_window", {{"from", "2029/30"}, {"to", "2027/28"}}),
         {"/start_window/to: must not be before the window's \"from\" (2029/30), got \"2027/28\""}},
        {"weights not an object", with("weights", {1}), {"/weights: must be an object of value terms and weights, got [1]"}},
        {"unknown term", with("weights", {{"price", 1}}), {"/weights/price: unknown value term (allowed: " + kTerms + ")"}},
        {"weight too big", with("weights", {{"distance", 11}}), {"/weights/distance: must be a number between 0 and 10, got 11"}},
        {"negative weight", with("weights", {{"partners", -1}}),
         {"/weights/partners: must be a number between 0 and 10, got -1"}},
        {"weight as text", with("weights", {{"rural_urban", "2"}}),
         {"/weights/rural_urban: must be a number between 0 and 10, got \"2\""}},
        {"note too long", with("note", longNote),
         {"/note: must be one line of text of at most 500 bytes, got \"" + std::string(76, 'x') + "..."}},
        {"note on two lines", with("note", "a\nb"), {"/note: must be one line of text of at most 500 bytes, got \"a\\nb\""}},
        {"note not text", with("note", 5), {"/note: must be one line of text of at most 500 bytes, got 5"}},
        {"note not UTF-8", with("note", std::string("caf\xe9")),
         {"/note: must be valid UTF-8 text, got \"caf\xef\xbf\xbd\""}},
        {"every problem at once", json{{"council", "Atlantis"}, {"role", "sell"}, {"max_partners", 6}, {"extra", 1}},
         {"/extra: unknown key (allowed: " + kKeys + ")", "/council: " + kCouncilRule + ", got \"Atlantis\"",
          "/service: is required", R"(/role: must be one of "offer", "seek", "open", got "sell")",
          "/max_partners: must be a whole number from 1 to 5, got 6"}},
    };
}

}  // namespace listings_test

using namespace listings_test;

TEST_CASE("market listings: a full listing is read, with names resolved and lists sorted") {
    json listing = fullListing();
    listing["council"] = "adur";  // a name, in any case
    listing["exclude"] = {"Worthing", "E07000224"};
    listing["max_partners"] = 2.0;  // JSON's whole numbers may be written with a point
    const Listing read = itsb::market::readListing(listing, data());
    CHECK(read.id == 0);
    CHECK(read.council == "E07000223");
    CHECK(read.service == "back_office");
    CHECK(read.role == ListingRole::Offer);
    CHECK(read.maxPartners == 2);
    CHECK(read.maxDistanceKm == 40.5);
    CHECK(read.sameCountyOnly);
    CHECK(read.excluded == std::vector<std::string>{"E07000224", "E07000229"});
    CHECK(read.startFrom == 2027);
    CHECK(read.startTo == 2029);
    CHECK(read.weights == std::map<std::string, double>{{"distance", 2.0}, {"partners", 0.5}});
    CHECK(read.note == "Shared revenues and benefits");
    // toJson writes the form readListing takes, codes for names.
    const json written = itsb::market::toJson(read);
    CHECK(written.at("council") == "E07000223");
    CHECK(written.at("exclude") == json{"E07000224", "E07000229"});
    CHECK(written.at("start_window") == json{{"from", "2027/28"}, {"to", "2029/30"}});
    CHECK(sameListing(itsb::market::readListing(written, data()), read));
    // The optional constraints are left out when unset.
    const json minimal = itsb::market::toJson(itsb::market::readListing(minimalListing(), data()));
    CHECK(!minimal.contains("max_partners"));
    CHECK(!minimal.contains("start_window"));
    CHECK(minimal.at("role") == "seek");
    CHECK(itsb::market::financialYearText(2099) == "2099/00");
    CHECK(itsb::market::financialYearText(2005) == "2005/06");
    CHECK(itsb::market::weightableTerms().size() == 7);
}

TEST_CASE("market listings: every bad listing is rejected with its pointer, value and rule") {
    for (const auto& bad : badListings()) {
        CAPTURE(bad.what);
        CHECK(listingProblems(bad.listing) == bad.messages);
    }
    // What a rule allows is accepted at its bounds.
    for (const json& good : {with("max_partners", 1), with("max_partners", 5), with("max_distance_km", 1000),
                             with("max_distance_km", 0.001), with("weights", {{"distance", 0}, {"rural_urban", 10}}),
                             with("start_window", {{"from", "2000/01"}, {"to", "2099/00"}}),
                             with("start_window", {{"from", "2028/29"}, {"to", "2028/29"}}), with("note", std::string(500, 'y')),
                             with("exclude", json::array()), with("same_county_only", false)}) {
        CAPTURE(good.dump());
        CHECK(listingProblems(good).empty());
    }
}

TEST_CASE("market listings: a file of several listings reports each problem under its entry") {
    json file{{"listings", {fullListing(), minimalListing(), with("role", "swap", minimalListing("E07000225")),
                            with("max_partners", 0, minimalListing("E07000226")), minimalListing()}}};
    CHECK(messagesOf([&] { (void)itsb::market::readListings(file, data()); }) ==
          std::vector<std::string>{R"(/listings/2/role: must be one of "offer", "seek", "open", got "swap")",
                                   "/listings/3/max_partners: must be a whole number from 1 to 5, got 0",
                                   "/listings/4/service: repeats the council and service of /listings/1, got \"back_office\""});
    CHECK(messagesOf([&] { (void)itsb::market::readListings(json{{"listings", json::array()}}, data()); }) ==
          std::vector<std::string>{"/listings: must be an array of one or more listings, got []"});
    CHECK(messagesOf([&] { (void)itsb::market::readListings(json{{"listings", {minimalListing()}}, {"version", 1}}, data()); }) ==
          std::vector<std::string>{R"(/version: unknown key (allowed: "listings"))"});
    // One listing alone is a whole document: its pointers have no prefix.
    CHECK(messagesOf([&] { (void)itsb::market::readListings(with("role", "x", minimalListing()), data()); }) ==
          std::vector<std::string>{R"(/role: must be one of "offer", "seek", "open", got "x")"});
    const auto read = itsb::market::readListings(json{{"listings", {fullListing(), minimalListing()}}}, data());
    REQUIRE(read.size() == 2);
    CHECK(read[1].council == "E07000229");
}

TEST_CASE("market listings: add, list, get and remove round-trip through the file") {
    itsb::test::TempDir dir;
    const std::string path = (dir / "nested/folder/market.db").string();  // the folders are created
    const Listing full = itsb::market::readListing(fullListing(), data());
    const Listing seek = itsb::market::readListing(minimalListing(), data());
    const Listing highways = itsb::market::readListing(minimalListing("E07000229", "highways_transport"), data());
    {
        ListingStore store(path);
        CHECK(store.list().empty());
        const auto stored = store.add({full, seek});
        REQUIRE(stored.size() == 2);
        CHECK(stored[0].id == 1);
        CHECK(stored[1].id == 2);
        CHECK(sameListing(stored[0], full));
        CHECK(store.add({highways}).front().id == 3);
    }
    ListingStore store(path);  // what was acknowledged is in the file
    const auto all = store.list();
    REQUIRE(all.size() == 3);
    CHECK(all[0].id == 1);
    CHECK(sameListing(all[0], full));
    CHECK(sameListing(all[1], seek));
    CHECK(sameListing(all[2], highways));
    CHECK(store.list(std::string("E07000229")).size() == 2);
    CHECK(store.list(std::nullopt, std::string("back_office")).size() == 2);
    const auto one = store.list(std::string("E07000229"), std::string("highways_transport"));
    REQUIRE(one.size() == 1);
    CHECK(one[0].id == 3);
    CHECK(store.list(std::string("E06000043")).empty());
    REQUIRE(store.get(1).has_value());
    CHECK(sameListing(*store.get(1), full));
    CHECK(!store.get(99).has_value());

    CHECK(store.remove(3));
    CHECK(!store.remove(3));
    CHECK(store.remove(1));
    // The removed listing's exclusions and weights went with it; ids are never given twice.
    CHECK(rawCount(path, "SELECT count(*) FROM listing_exclusions") == 0);
    CHECK(rawCount(path, "SELECT count(*) FROM listing_weights") == 0);
    CHECK(store.add({full}).front().id == 4);
    const auto left = store.list();
    REQUIRE(left.size() == 2);
    CHECK(left[0].id == 2);
    CHECK(left[1].id == 4);
    CHECK(store.integrityProblems().empty());
}

TEST_CASE("market listings: migrations are numbered 1 to N and each is applied once") {
    const auto& migrations = itsb::market::migrations();
    REQUIRE(!migrations.empty());
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        CAPTURE(migrations[i].name);
        CHECK(migrations[i].number == static_cast<int>(i + 1));
        char prefix[8];
        std::snprintf(prefix, sizeof prefix, "%03d_", migrations[i].number);
        CHECK(migrations[i].name.rfind(prefix, 0) == 0);
        CHECK(!migrations[i].sql.empty());
    }
    CHECK(migrations.front().name == "001_listings");
    itsb::test::TempDir dir;
    const std::string path = (dir / "market.db").string();
    const int n = static_cast<int>(migrations.size());
    {
        ListingStore store(path);
        CHECK(store.schemaVersion() == n);
        store.add({itsb::market::readListing(minimalListing(), data())});
    }
    CHECK(rawCount(path, "SELECT count(*) FROM schema_migrations") == n);
    CHECK(rawCount(path, "PRAGMA application_id") == 0x69747362);
    {
        ListingStore store(path);  // reopening applies nothing again and keeps the data
        CHECK(store.schemaVersion() == n);
        CHECK(store.list().size() == 1);
    }
    CHECK(rawCount(path, "SELECT count(*) FROM schema_migrations") == n);
    // An empty file (as `touch` leaves) is a new database.
    const std::string empty = (dir / "empty.db").string();
    std::ofstream(empty).close();
    CHECK(ListingStore(empty).schemaVersion() == n);
}

TEST_CASE("market listings: a database from a newer itsb is refused") {
    itsb::test::TempDir dir;
    const std::string path = (dir / "market.db").string();
    const int n = static_cast<int>(itsb::market::migrations().size());
    { ListingStore store(path); }
    rawSql(path, "INSERT INTO schema_migrations (number, name) VALUES (" + std::to_string(n + 1) + ", 'from_the_future')");
    CHECK(storeError(path) == path + ": the database's schema is version " + std::to_string(n + 1) +
                                  ", newer than this itsb's version " + std::to_string(n) + " (use a newer itsb)");
    // A migration of the same number but another name: a database from a different itsb.
    const std::string other = (dir / "other.db").string();
    { ListingStore store(other); }
    rawSql(other, "UPDATE schema_migrations SET name = '001_something_else' WHERE number = 1");
    CHECK(storeError(other) ==
          other + ": the database's migration 1 is \"001_something_else\", where this itsb has \"001_listings\"");
}

TEST_CASE("market listings: a file that is not an itsb market database is refused") {
    itsb::test::TempDir dir;
    const std::string text = (dir / "notes.txt").string();
    std::ofstream(text) << std::string(4096, 'n');
    CHECK(storeError(text) == text + ": not an itsb market database (the file is not an SQLite database)");
    const std::string foreign = (dir / "foreign.db").string();
    rawSql(foreign, "CREATE TABLE accounts (id INTEGER PRIMARY KEY)");
    CHECK(storeError(foreign) == foreign + ": not an itsb market database (an SQLite database of another program)");
    const std::string folder = dir.path().string();
    CHECK(storeError(folder) == folder + ": cannot open the database (unable to open database file)");
    const std::string underFile = (dir / "notes.txt/market.db").string();
    CHECK(storeError(underFile).rfind(underFile + ": cannot create the folder " + text + " (", 0) == 0);
}

TEST_CASE("market listings: an add is all or none") {
    itsb::test::TempDir dir;
    const std::string path = (dir / "market.db").string();
    ListingStore store(path);
    store.add({itsb::market::readListing(fullListing(), data())});
    // The second listing of the batch breaks the store's one listing per council and service.
    const std::vector<Listing> batch{itsb::market::readListing(minimalListing(), data()),
                                     itsb::market::readListing(with("role", "seek"), data())};
    std::string message;
    try {
        store.add(batch);
    } catch (const StoreError& e) {
        message = e.what();
    }
    CHECK(message == path + ": E07000223 already has a listing for back_office (id 1); remove it first. Nothing was added");
    const auto left = store.list();
    REQUIRE(left.size() == 1);
    CHECK(left[0].id == 1);
    CHECK(rawCount(path, "SELECT count(*) FROM listings") == 1);
    // A listing the reader would refuse, built in code, fails the table's CHECK: none is kept.
    Listing impossible = itsb::market::readListing(minimalListing("E07000224"), data());
    impossible.maxPartners = 9;
    message.clear();
    try {
        store.add({itsb::market::readListing(minimalListing("E07000225"), data()), impossible});
    } catch (const StoreError& e) {
        message = e.what();
    }
    CHECK(message.rfind(path + ": cannot add listing 2 of 2 (E07000224, back_office), so none was added (CHECK", 0) == 0);
    CHECK(store.list().size() == 1);
    // The refused batches used no ids.
    CHECK(store.add({batch.front()}).front().id == 2);
    CHECK(store.integrityProblems().empty());
}

TEST_CASE("market listings: every acknowledged add survives the process being killed") {
    // SQLite's crash tests kill the writer; so does this one. A child adds listings one at a
    // time and reports each id once add() has returned; it is killed mid-stream. Every reported
    // listing must be in the file, whole, and the file must pass SQLite's integrity check.
    itsb::test::TempDir dir;
    const std::string path = (dir / "market.db").string();
    { ListingStore store(path); }
    int pipeEnds[2];
    REQUIRE(::pipe(pipeEnds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipeEnds[0]);
        try {
            ListingStore store(path);
            const auto& councils = data().councils();
            for (std::size_t i = 0; i < councils.size(); ++i) {
                Listing listing = itsb::market::readListing(minimalListing(councils[i].gss), data());
                listing.excluded = {i == 0 ? councils[1].gss : councils[0].gss};
                listing.weights = {{"distance", 2.0}, {"partners", 3.0}};
                const std::int64_t id = store.add({listing}).front().id;
                if (::write(pipeEnds[1], &id, sizeof id) != static_cast<ssize_t>(sizeof id)) ::_exit(3);
            }
        } catch (...) {
            ::_exit(2);
        }
        ::_exit(0);
    }
    ::close(pipeEnds[1]);
    std::vector<std::int64_t> acknowledged;
    std::int64_t id = 0;
    while (acknowledged.size() < 40 && ::read(pipeEnds[0], &id, sizeof id) == static_cast<ssize_t>(sizeof id))
        acknowledged.push_back(id);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(pipeEnds[0]);
    REQUIRE(acknowledged.size() == 40);  // the child did not fail before it was killed

    ListingStore store(path);
    CHECK(store.integrityProblems().empty());
    const auto listings = store.list();
    CHECK(listings.size() >= acknowledged.size());
    for (const auto acknowledgedId : acknowledged) {
        CAPTURE(acknowledgedId);
        const auto listing = store.get(acknowledgedId);
        REQUIRE(listing.has_value());
        CHECK(listing->excluded.size() == 1);
        CHECK(listing->weights.size() == 2);
    }
    for (const auto& listing : listings) {  // the one in flight, if any, is whole or absent
        CHECK(listing.excluded.size() == 1);
        CHECK(listing.weights.size() == 2);
    }
}

TEST_CASE("market listings: the default database is in the user's data folder") {
    const auto saved = [](const char* name) {
        const char* value = std::getenv(name);
        return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
    };
    const auto xdg = saved("XDG_DATA_HOME"), home = saved("HOME");
    ::setenv("XDG_DATA_HOME", "/data/user", 1);
    ::setenv("HOME", "/home/user", 1);
    CHECK(itsb::market::defaultDatabasePath() == "/data/user/itsb/market.db");
    ::setenv("XDG_DATA_HOME", "relative/ignored", 1);  // the XDG specification ignores relative paths
    CHECK(itsb::market::defaultDatabasePath() == "/home/user/.local/share/itsb/market.db");
    ::unsetenv("XDG_DATA_HOME");
    CHECK(itsb::market::defaultDatabasePath() == "/home/user/.local/share/itsb/market.db");
    ::unsetenv("HOME");
    CHECK(itsb::market::defaultDatabasePath() == "./itsb-market.db");
    if (xdg) ::setenv("XDG_DATA_HOME", xdg->c_str(), 1);
    if (home) ::setenv("HOME", home->c_str(), 1);
}

// ---- the command line ------------------------------------------------------------------

TEST_CASE("market listings: itsb market listing add, list and remove") {
    using itsb::test::runCli;
    itsb::test::TempDir dir;
    const std::string db = (dir / "market.db").string();

    const auto added = runCli({"market", "listing", "add", "--db", db, "--council", "Adur", "--service", "back_office",
                               "--role", "offer", "--max-partners", "2", "--max-distance-km", "40",
                               "--same-county-only", "--exclude", "E07000224,E07000229", "--start-from", "2027/28",
                               "--start-to", "2029/30", "--weight", "distance=2", "--weight", "partners=0.5", "--note",
                               "Shared revenues and benefits", "--format", "json"});
    INFO(added.err);
    REQUIRE(added.code == 0);
    CHECK(added.err.empty());
    const json addedJson = json::parse(added.out);
    REQUIRE(addedJson.at("listings").size() == 1);
    json expected = fullListing();
    expected["id"] = 1;
    expected["max_distance_km"] = 40.0;
    expected["exclude"] = {"E07000224", "E07000229"};
    CHECK(addedJson.at("listings").at(0) == expected);

    // A file of several, from standard input.
    const json file{{"listings", {minimalListing(), minimalListing("E07000225", "cultural")}}};
    const auto fromFile = runCli({"market", "listing", "add", "-", "--db", db}, file.dump());
    INFO(fromFile.err);
    REQUIRE(fromFile.code == 0);
    CHECK(fromFile.out.find("Listings added") != std::string::npos);
    CHECK(fromFile.out.find("Worthing") != std::string::npos);
    CHECK(fromFile.out.find("Chichester") != std::string::npos);

    const auto table = runCli({"market", "listing", "list", "--db", db});
    REQUIRE(table.code == 0);
    for (const char* text : {"Adur", "at most 2 partners; within 40 km; same county only; not with Arun, Worthing; "
                                     "starting 2027/28 to 2029/30",
                             "distance 2, partners 0.5", "Shared revenues and benefits", "Chichester"})
        CHECK_MESSAGE(table.out.find(text) != std::string::npos, text);

    const auto filtered = runCli({"market", "listing", "list", "--db", db, "--service", "back_office", "--format", "json"});
    REQUIRE(filtered.code == 0);
    const json filteredJson = json::parse(filtered.out);
    REQUIRE(filteredJson.at("listings").size() == 2);
    CHECK(filteredJson.at("listings").at(0).at("id") == 1);
    CHECK(filteredJson.at("listings").at(1).at("id") == 2);
    const auto byName = runCli({"market", "listing", "list", "--db", db, "--council", "chichester", "--format", "json"});
    REQUIRE(byName.code == 0);
    CHECK(json::parse(byName.out).at("listings").at(0).at("service") == "cultural");

    const auto html = runCli({"market", "listing", "list", "--db", db, "--format", "html"});
    REQUIRE(html.code == 0);
    CHECK(html.out.find("<table") != std::string::npos);
    CHECK(html.out.find("Shared revenues and benefits") != std::string::npos);

    const auto removed = runCli({"market", "listing", "remove", "2", "--db", db, "--format", "json"});
    REQUIRE(removed.code == 0);
    CHECK(json::parse(removed.out).at("removed").at(0).at("council") == "E07000229");
    const auto after = runCli({"market", "listing", "list", "--db", db, "--format", "json"});
    CHECK(json::parse(after.out).at("listings").size() == 2);

    const auto empty = runCli({"market", "listing", "list", "--db", db, "--council", "E06000043"});
    REQUIRE(empty.code == 0);
    CHECK(empty.out.find("No listings.") != std::string::npos);
}

TEST_CASE("market listings: the command line's usage and input errors") {
    using itsb::test::runCli;
    itsb::test::TempDir dir;
    const std::string db = (dir / "market.db").string();

    // A bad inline value is reported like a bad file's, with its pointer: exit 1.
    const auto inlineBad = runCli({"market", "listing", "add", "--db", db, "--council", "E07000223", "--service",
                                   "back_office", "--role", "offer", "--max-partners", "9", "--weight", "price=2"});
    CHECK(inlineBad.code == 1);
    CHECK(inlineBad.err == "itsb: the command line: 2 problems in the input\n"
                           "  /max_partners: must be a whole number from 1 to 5, got 9\n"
                           "  /weights/price: unknown value term (allowed: " + kTerms + ")\n");
    const auto missing = runCli({"market", "listing", "add", "--db", db, "--council", "E07000223", "--max-partners", "two"});
    CHECK(missing.code == 1);
    CHECK(missing.err == "itsb: the command line: 3 problems in the input\n"
                         "  /service: is required\n"
                         "  /role: is required\n"
                         "  /max_partners: must be a whole number from 1 to 5, got \"two\"\n");

    const std::string file = (dir / "listings.json").string();
    std::ofstream(file) << json{{"listings", {minimalListing(), minimalListing("E07000224"), with("role", "sell", minimalListing("E07000225"))}}}.dump();
    const auto fileBad = runCli({"market", "listing", "add", file, "--db", db});
    CHECK(fileBad.code == 1);
    CHECK(fileBad.err == "itsb: " + file + ": 1 problem in the input\n"
                         "  /listings/2/role: must be one of \"offer\", \"seek\", \"open\", got \"sell\"\n");
    const auto syntax = runCli({"market", "listing", "add", "-", "--db", db}, "{\"council\": ");
    CHECK(syntax.code == 1);
    CHECK(syntax.err.rfind("itsb: standard input: 1 problem in the input\n", 0) == 0);
    // Nothing was stored by any of them.
    const auto none = runCli({"market", "listing", "list", "--db", db, "--format", "json"});
    REQUIRE(none.code == 0);
    CHECK(json::parse(none.out).at("listings").empty());

    // Usage errors: exit 2.
    const auto nothing = runCli({"market", "listing", "add", "--db", db});
    CHECK(nothing.code == 2);
    CHECK(nothing.err == "itsb: market listing add: give a listing file (or - for standard input) or --council, "
                         "--service and --role\n");
    const auto noFile = runCli({"market", "listing", "add", (dir / "absent.json").string(), "--db", db});
    CHECK(noFile.code == 2);
    CHECK(noFile.err == "itsb: cannot read " + (dir / "absent.json").string() + ": no such file or not readable\n");
    const auto badWeight = runCli({"market", "listing", "add", "--db", db, "--weight", "distance"});
    CHECK(badWeight.code == 2);
    CHECK(badWeight.err == "itsb: --weight distance: expected TERM=NUMBER\n");
    const auto absent = runCli({"market", "listing", "remove", "7", "--db", db});
    CHECK(absent.code == 2);
    CHECK(absent.err == "itsb: no listing with id 7 in " + db + "\n");
    const auto notAnId = runCli({"market", "listing", "remove", "seven", "--db", db});
    CHECK(notAnId.code == 2);
    CHECK(notAnId.err == "itsb: market listing remove: a listing's id is a whole number of 1 or more, got \"seven\"\n");
    const auto unknownCouncil = runCli({"market", "listing", "list", "--db", db, "--council", "Atlantis"});
    CHECK(unknownCouncil.code == 2);
    CHECK(unknownCouncil.err == "itsb: --council: no current English principal council is called \"Atlantis\" (give its "
                                "ONS code, e.g. E07000223, or its name)\n");
    const auto unknownService = runCli({"market", "listing", "list", "--db", db, "--service", "bins"});
    CHECK(unknownService.code == 2);
    CHECK(unknownService.err.rfind("itsb: --service: unknown service \"bins\" (services: back_office, ", 0) == 0);

    // The store's refusals are usage errors naming the file.
    const auto twice = runCli({"market", "listing", "add", "--db", db, "--council", "Adur", "--service", "cultural",
                               "--role", "open"});
    REQUIRE(twice.code == 0);
    const auto duplicate = runCli({"market", "listing", "add", "--db", db, "--council", "E07000223", "--service",
                                   "cultural", "--role", "seek"});
    CHECK(duplicate.code == 2);
    CHECK(duplicate.err == "itsb: " + db + ": E07000223 already has a listing for cultural (id 1); remove it first. "
                                           "Nothing was added\n");
    const std::string text = (dir / "notes.txt").string();
    std::ofstream(text) << std::string(4096, 'n');
    const auto notDb = runCli({"market", "listing", "list", "--db", text});
    CHECK(notDb.code == 2);
    CHECK(notDb.err == "itsb: " + text + ": not an itsb market database (the file is not an SQLite database)\n");
}
