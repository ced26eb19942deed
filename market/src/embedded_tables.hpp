#pragma once
// Private to market/src: files under market/ compiled in at build time (embed_tables.cmake):
// the derived tables of market/data, the pricing benchmarks and the database migrations.

#include <string>
#include <string_view>
#include <vector>

namespace itsb::market::detail {

//! The text of the embedded file with this stem ("councils" for data/councils.csv,
//! "001_listings" for migrations/001_listings.sql) as it was at build time; empty for an
//! unknown name.
std::string embeddedTable(std::string_view name);

//! Every embedded file's stem, in the order CMakeLists.txt lists them.
std::vector<std::string> embeddedNames();

}  // namespace itsb::market::detail
