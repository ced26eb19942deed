#pragma once
// Private to market/src: the derived tables of market/data, compiled in (embed_tables.cmake).

#include <string>
#include <string_view>

namespace itsb::market::detail {

//! The CSV text of market/data/NAME.csv as it was at build time; empty for an unknown name.
std::string embeddedTable(std::string_view name);

}  // namespace itsb::market::detail
