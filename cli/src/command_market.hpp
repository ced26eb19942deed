#pragma once
// What the `itsb market` commands share (command_market.cpp, command_market_listing.cpp): naming
// a council or a service on the command line, and opening the market place's database.

#include "command.hpp"

#include "itsb/market/council_data.hpp"
#include "itsb/market/listing_store.hpp"

#include <cstddef>
#include <string>

namespace itsb::cli {

//! A council named by its ONS code (any case) or its name (any case); otherwise a UsageError,
//! prefixed with `option` ("--council") when given, suggesting councils whose names contain it.
std::size_t councilNamed(const market::CouncilData& data, const std::string& text, const std::string& option = "");

//! A usage error for a service the data does not have, listing those it has.
void checkService(const market::CouncilData& data, const std::string& service);

//! The database's file: `--db`, else the default one in the user's data folder.
inline std::string databasePath(const std::string& database) {
    return database.empty() ? market::defaultDatabasePath() : database;
}

//! Runs `work` on the database (`--db`, else the default one), turning its failure to open into
//! a usage error (exit 2).
template <typename Work>
auto withStore(const std::string& database, Work work) {
    try {
        market::ListingStore store(databasePath(database));
        return work(store);
    } catch (const market::StoreError& e) {
        throw UsageError(e.what());
    }
}

}  // namespace itsb::cli
