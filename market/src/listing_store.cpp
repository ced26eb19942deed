#include "itsb/market/listing_store.hpp"

#include "embedded_tables.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <utility>

// Journal mode: WAL. `itsb market` opens and closes the file on every command, and soon a web
// server will hold it open while commands run: in WAL mode readers never wait for a writer, a
// writer never waits for readers, and a commit is one append to the log. synchronous=FULL makes
// every commit durable before add() or remove() returns (NORMAL could lose the last commits on
// power loss). The cost: the -wal and -shm files beside the database while it is open, and no
// use on network file systems without shared memory (SQLite's documented WAL limitation). The
// last connection to close checkpoints the log and removes them.

namespace itsb::market {

// Named, not anonymous: in a unity build this file shares a translation unit with others.
namespace listing_sqlite {

constexpr int kBusyTimeoutMs = 5000;
//! PRAGMA application_id of an itsb market database: "itsb" in ASCII, so `file` and a reader of
//! the header can tell the file apart from other SQLite databases.
constexpr int kApplicationId = 0x69747362;

std::string failure(const std::string& path, const std::string& what, sqlite3* db) {
    return path + ": " + what + " (" + (db != nullptr ? sqlite3_errmsg(db) : "out of memory") + ")";
}

class Statement {
  public:
    Statement(sqlite3* db, const std::string& path, std::string_view sql) : db_(db), path_(path) {
        if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) != SQLITE_OK)
            throw StoreError(failure(path, "cannot read the database", db));
    }
    ~Statement() { sqlite3_finalize(statement_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int index, std::int64_t value) { check(sqlite3_bind_int64(statement_, index, value)); }
    void bind(int index, double value) { check(sqlite3_bind_double(statement_, index, value)); }
    void bind(int index, const std::string& value) {
        check(sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
    }
    template <typename T>
    void bind(int index, const std::optional<T>& value) {
        if (value)
            bind(index, static_cast<std::conditional_t<std::is_integral_v<T>, std::int64_t, T>>(*value));
        else
            check(sqlite3_bind_null(statement_, index));
    }

    //! SQLITE_ROW, SQLITE_DONE or the error's (extended) code; the caller decides.
    int stepCode() { return sqlite3_step(statement_); }
    //! True for a row, false when done; throws StoreError saying `what` failed otherwise.
    bool step(const std::string& what) {
        const int code = stepCode();
        if (code == SQLITE_ROW) return true;
        if (code == SQLITE_DONE) return false;
        throw StoreError(failure(path_, what, db_));
    }
    void reset() {
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }

    bool isNull(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
    std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
    double real(int column) const { return sqlite3_column_double(statement_, column); }
    std::string text(int column) const {
        const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
        return bytes == nullptr ? std::string() : std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
    }

  private:
    void check(int code) {
        if (code != SQLITE_OK) throw StoreError(failure(path_, "cannot prepare a query", db_));
    }
    sqlite3* db_;
    const std::string& path_;
    sqlite3_stmt* statement_ = nullptr;
};

void execute(sqlite3* db, const std::string& path, const std::string& sql, const std::string& what) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) throw StoreError(failure(path, what, db));
}

std::int64_t scalar(sqlite3* db, const std::string& path, std::string_view sql) {
    Statement statement(db, path, sql);
    if (!statement.step("cannot read the database")) return 0;
    return statement.integer(0);
}

//! BEGIN ... COMMIT; rolled back when left without commit() (an exception on the way).
/*! `immediate` takes the write lock at once, so two writers queue on busy_timeout instead of one
    failing when it tries to upgrade a read lock. */
class Transaction {
  public:
    Transaction(sqlite3* db, const std::string& path, bool immediate) : db_(db), path_(path) {
        execute(db, path, immediate ? "BEGIN IMMEDIATE" : "BEGIN", "cannot start a transaction");
    }
    ~Transaction() {
        if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        execute(db_, path_, "COMMIT", "cannot commit");
        open_ = false;
    }

  private:
    sqlite3* db_;
    const std::string& path_;
    bool open_ = true;
};

//! A migration's number from its stem: "001_listings" -> 1; 0 for other embedded files.
int migrationNumber(std::string_view stem) {
    if (stem.size() < 5 || stem[3] != '_') return 0;
    int number = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        if (stem[i] < '0' || stem[i] > '9') return 0;
        number = number * 10 + (stem[i] - '0');
    }
    return number;
}

constexpr std::string_view kListingColumns =
    "SELECT id, council, service, role, max_partners, max_distance_km, same_county_only, start_from, start_to, note "
    "FROM listings";

ListingRole roleOf(const std::string& text) {
    if (text == "offer") return ListingRole::Offer;
    if (text == "seek") return ListingRole::Seek;
    return ListingRole::Open;
}

}  // namespace listing_sqlite

std::string defaultDatabasePath() {
    namespace fs = std::filesystem;
    // The XDG base directory specification: a relative $XDG_DATA_HOME is to be ignored.
    if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && fs::path(data).is_absolute())
        return (fs::path(data) / "itsb" / "market.db").string();
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return (fs::path(home) / ".local" / "share" / "itsb" / "market.db").string();
    return "./itsb-market.db";
}

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = [] {
        std::vector<Migration> found;
        for (const auto& stem : detail::embeddedNames())
            if (const int number = listing_sqlite::migrationNumber(stem); number > 0)
                found.push_back({number, stem, detail::embeddedTable(stem)});
        std::sort(found.begin(), found.end(), [](const Migration& a, const Migration& b) { return a.number < b.number; });
        for (std::size_t i = 0; i < found.size(); ++i)
            if (found[i].number != static_cast<int>(i + 1))
                throw std::logic_error("market migrations are not numbered 1, 2, ...: " + found[i].name + " is number " +
                                       std::to_string(i + 1));
        return found;
    }();
    return all;
}

struct ListingStore::Impl {
    std::string path;
    sqlite3* db = nullptr;

    ~Impl() { sqlite3_close_v2(db); }

    void open();
    void checkIdentity();
    void migrate();
    std::vector<Listing> select(const std::string& where, const std::vector<std::string>& arguments,
                                std::optional<std::int64_t> id) const;
    [[noreturn]] void refuseDuplicate(const Listing& listing) const;
};

void ListingStore::Impl::open() {
    namespace fs = std::filesystem;
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec) throw StoreError(path + ": cannot create the folder " + parent.string() + " (" + ec.message() + ")");
    }
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
        throw StoreError(listing_sqlite::failure(path, "cannot open the database", db));
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, listing_sqlite::kBusyTimeoutMs);
    // The first read of the header: a file that is not SQLite fails here.
    {
        listing_sqlite::Statement probe(db, path, "PRAGMA application_id");
        const int code = probe.stepCode();
        if ((code & 0xff) == SQLITE_NOTADB)
            throw StoreError(path + ": not an itsb market database (the file is not an SQLite database)");
        if (code != SQLITE_ROW) throw StoreError(listing_sqlite::failure(path, "cannot read the database", db));
    }
    listing_sqlite::execute(db, path, "PRAGMA foreign_keys = ON", "cannot turn on foreign keys");
    listing_sqlite::execute(db, path, "PRAGMA journal_mode = WAL", "cannot turn on write-ahead logging");
    listing_sqlite::execute(db, path, "PRAGMA synchronous = FULL", "cannot make commits durable");
}

void ListingStore::Impl::checkIdentity() {
    using namespace listing_sqlite;
    auto look = [&] {
        struct {
            std::int64_t application, tables, ledger;
        } seen{scalar(db, path, "PRAGMA application_id"),
               scalar(db, path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"),
               scalar(db, path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")};
        return seen;
    };
    auto seen = look();
    if (seen.application == 0 && seen.tables == 0) {
        // A new (or empty) file: make it ours, unless another process did so since we looked.
        Transaction transaction(db, path, true);
        seen = look();
        if (seen.application == 0 && seen.tables == 0) {
            execute(db, path,
                    "CREATE TABLE schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);"
                    "PRAGMA application_id = " + std::to_string(kApplicationId),
                    "cannot create the database");
            seen = {kApplicationId, 1, 1};
        }
        transaction.commit();
    }
    if (seen.application != kApplicationId)
        throw StoreError(path + ": not an itsb market database (an SQLite database of another program)");
    if (seen.ledger == 0) throw StoreError(path + ": not an itsb market database (it has no schema_migrations table)");
}

void ListingStore::Impl::migrate() {
    using namespace listing_sqlite;
    const auto& compiled = migrations();
    // What the file has had must be what this itsb would have applied, in order.
    auto check = [&] {
        Statement applied(db, path, "SELECT number, name FROM schema_migrations ORDER BY number");
        std::int64_t expected = 1;
        while (applied.step("cannot read the schema version")) {
            const auto number = applied.integer(0);
            if (number > static_cast<std::int64_t>(compiled.size())) {
                const auto newest = scalar(db, path, "SELECT max(number) FROM schema_migrations");
                throw StoreError(path + ": the database's schema is version " + std::to_string(newest) +
                                 ", newer than this itsb's version " + std::to_string(compiled.size()) +
                                 " (use a newer itsb)");
            }
            const auto& name = compiled[static_cast<std::size_t>(expected - 1)].name;
            if (number != expected || applied.text(1) != name)
                throw StoreError(path + ": the database's migration " + std::to_string(number) + " is \"" +
                                 applied.text(1) + "\", where this itsb has \"" + name + "\"");
            ++expected;
        }
        return expected - 1;
    };
    if (check() == static_cast<std::int64_t>(compiled.size())) return;  // up to date: no write lock taken
    for (const auto& migration : compiled) {
        // Each migration with its record in one transaction; another process may have applied
        // it since we looked, so look again under the write lock.
        Transaction transaction(db, path, true);
        if (check() >= migration.number) continue;
        execute(db, path, migration.sql, "cannot apply migration " + migration.name);
        Statement record(db, path, "INSERT INTO schema_migrations (number, name) VALUES (?1, ?2)");
        record.bind(1, static_cast<std::int64_t>(migration.number));
        record.bind(2, migration.name);
        record.step("cannot record migration " + migration.name);
        transaction.commit();
    }
}

std::vector<Listing> ListingStore::Impl::select(const std::string& where, const std::vector<std::string>& arguments,
                                                std::optional<std::int64_t> id) const {
    using namespace listing_sqlite;
    // One read transaction: the listings and their child rows from the same state of the file.
    Transaction transaction(db, path, false);
    Statement query(db, path, std::string(kListingColumns) + where + " ORDER BY id");
    int index = 1;
    for (const auto& argument : arguments) query.bind(index++, argument);
    if (id) query.bind(index, *id);
    Statement excluded(db, path, "SELECT council FROM listing_exclusions WHERE listing_id = ?1 ORDER BY council");
    Statement weights(db, path, "SELECT term, weight FROM listing_weights WHERE listing_id = ?1 ORDER BY term");
    std::vector<Listing> listings;
    while (query.step("cannot read the listings")) {
        Listing listing;
        listing.id = query.integer(0);
        listing.council = query.text(1);
        listing.service = query.text(2);
        listing.role = roleOf(query.text(3));
        if (!query.isNull(4)) listing.maxPartners = static_cast<int>(query.integer(4));
        if (!query.isNull(5)) listing.maxDistanceKm = query.real(5);
        listing.sameCountyOnly = query.integer(6) != 0;
        if (!query.isNull(7)) listing.startFrom = static_cast<int>(query.integer(7));
        if (!query.isNull(8)) listing.startTo = static_cast<int>(query.integer(8));
        listing.note = query.text(9);
        excluded.reset();
        excluded.bind(1, listing.id);
        while (excluded.step("cannot read the listings")) listing.excluded.push_back(excluded.text(0));
        weights.reset();
        weights.bind(1, listing.id);
        while (weights.step("cannot read the listings")) listing.weights[weights.text(0)] = weights.real(1);
        listings.push_back(std::move(listing));
    }
    transaction.commit();
    return listings;
}

void ListingStore::Impl::refuseDuplicate(const Listing& listing) const {
    listing_sqlite::Statement existing(db, path, "SELECT id FROM listings WHERE council = ?1 AND service = ?2");
    existing.bind(1, listing.council);
    existing.bind(2, listing.service);
    const std::string id = existing.step("cannot read the listings") ? std::to_string(existing.integer(0)) : "?";
    throw StoreError(path + ": " + listing.council + " already has a listing for " + listing.service + " (id " + id +
                     "); remove it first. Nothing was added");
}

ListingStore::ListingStore(const std::string& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->open();
    impl_->checkIdentity();
    impl_->migrate();
}

ListingStore::~ListingStore() = default;

int ListingStore::schemaVersion() const {
    return static_cast<int>(
        listing_sqlite::scalar(impl_->db, impl_->path, "SELECT coalesce(max(number), 0) FROM schema_migrations"));
}

std::vector<Listing> ListingStore::add(const std::vector<Listing>& listings) {
    using namespace listing_sqlite;
    const std::string& path = impl_->path;
    sqlite3* db = impl_->db;
    Transaction transaction(db, path, true);
    Statement insert(db, path,
                     "INSERT INTO listings (council, service, role, max_partners, max_distance_km, same_county_only, "
                     "start_from, start_to, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    Statement exclude(db, path, "INSERT INTO listing_exclusions (listing_id, council) VALUES (?1, ?2)");
    Statement weigh(db, path, "INSERT INTO listing_weights (listing_id, term, weight) VALUES (?1, ?2, ?3)");
    std::vector<Listing> stored;
    for (std::size_t i = 0; i < listings.size(); ++i) {
        Listing listing = listings[i];
        const std::string which = "cannot add listing " + std::to_string(i + 1) + " of " +
                                  std::to_string(listings.size()) + " (" + listing.council + ", " + listing.service +
                                  "), so none was added";
        insert.reset();
        insert.bind(1, listing.council);
        insert.bind(2, listing.service);
        insert.bind(3, std::string(name(listing.role)));
        insert.bind(4, listing.maxPartners);
        insert.bind(5, listing.maxDistanceKm);
        insert.bind(6, std::int64_t{listing.sameCountyOnly ? 1 : 0});
        insert.bind(7, listing.startFrom);
        insert.bind(8, listing.startTo);
        insert.bind(9, listing.note);
        if (const int code = insert.stepCode(); code != SQLITE_DONE) {
            if (code == SQLITE_CONSTRAINT_UNIQUE) impl_->refuseDuplicate(listing);
            throw StoreError(failure(path, which, db));
        }
        listing.id = sqlite3_last_insert_rowid(db);
        for (const auto& council : listing.excluded) {
            exclude.reset();
            exclude.bind(1, listing.id);
            exclude.bind(2, council);
            exclude.step(which);
        }
        for (const auto& [term, weight] : listing.weights) {
            weigh.reset();
            weigh.bind(1, listing.id);
            weigh.bind(2, term);
            weigh.bind(3, weight);
            weigh.step(which);
        }
        stored.push_back(std::move(listing));
    }
    transaction.commit();
    return stored;
}

std::vector<Listing> ListingStore::list(const std::optional<std::string>& council,
                                        const std::optional<std::string>& service) const {
    // Only the conditions given, so SQLite uses the (council, service) and service indexes
    // (an "?1 IS NULL OR council = ?1" form would scan the table).
    std::string where;
    std::vector<std::string> arguments;
    if (council) {
        where += " WHERE council = ?" + std::to_string(arguments.size() + 1);
        arguments.push_back(*council);
    }
    if (service) {
        where += (where.empty() ? " WHERE" : " AND") + std::string(" service = ?") + std::to_string(arguments.size() + 1);
        arguments.push_back(*service);
    }
    return impl_->select(where, arguments, std::nullopt);
}

std::optional<Listing> ListingStore::get(std::int64_t id) const {
    auto found = impl_->select(" WHERE id = ?1", {}, id);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

bool ListingStore::remove(std::int64_t id) {
    using namespace listing_sqlite;
    // One statement is its own transaction; ON DELETE CASCADE removes the child rows with it.
    Statement erase(impl_->db, impl_->path, "DELETE FROM listings WHERE id = ?1");
    erase.bind(1, id);
    erase.step("cannot remove listing " + std::to_string(id));
    return sqlite3_changes(impl_->db) > 0;
}

std::vector<std::string> ListingStore::integrityProblems() const {
    using namespace listing_sqlite;
    std::vector<std::string> problems;
    Statement integrity(impl_->db, impl_->path, "PRAGMA integrity_check");
    while (integrity.step("cannot check the database"))
        if (const auto line = integrity.text(0); line != "ok") problems.push_back(line);
    Statement keys(impl_->db, impl_->path, "PRAGMA foreign_key_check");
    while (keys.step("cannot check the database"))
        problems.push_back("table " + keys.text(0) + " row " + keys.text(1) + " refers to a missing row of " +
                           keys.text(2));
    return problems;
}

}  // namespace itsb::market
