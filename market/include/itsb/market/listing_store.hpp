#pragma once
// The market place's own database: one SQLite file holding the listings, created on first use
// (with its folder) and brought up to date by numbered migrations (market/migrations/NNN_*.sql,
// compiled in). Every write is one transaction, committed before the call returns.

#include "itsb/market/listing.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace itsb::market {

//! The database cannot be opened, read or written (a path that is not a writable file, a file
//! that is not an itsb market database, a database from a newer itsb). The message names the
//! file and the cause.
class StoreError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

//! Where `itsb market` keeps its database without --db: $XDG_DATA_HOME/itsb/market.db, else
//! $HOME/.local/share/itsb/market.db, else ./itsb-market.db.
std::string defaultDatabasePath();

//! The migrations compiled in, in order: their numbers (1, 2, ...) and names.
struct Migration {
    int number = 0;
    std::string name;
    std::string sql;
};
const std::vector<Migration>& migrations();

class ListingStore {
  public:
    //! Opens (creating when missing) the database at `path` and applies any migration it has not
    //! had. Throws StoreError.
    explicit ListingStore(const std::string& path);
    ~ListingStore();
    ListingStore(const ListingStore&) = delete;
    ListingStore& operator=(const ListingStore&) = delete;

    //! The schema version: the number of the last migration applied.
    int schemaVersion() const;

    //! Stores the listings in one transaction (all or none) and returns them with their ids.
    std::vector<Listing> add(const std::vector<Listing>& listings);
    //! Every listing, by id; only a council's (ONS code) or a service's when given.
    std::vector<Listing> list(const std::optional<std::string>& council = {},
                              const std::optional<std::string>& service = {}) const;
    //! The listing with this id, or nullopt.
    std::optional<Listing> get(std::int64_t id) const;
    //! Removes a listing; false when there is none with that id.
    bool remove(std::int64_t id);

    //! What SQLite's integrity and foreign-key checks find wrong with the file; empty when sound.
    std::vector<std::string> integrityProblems() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace itsb::market
