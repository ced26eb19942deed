#pragma once
// Locale-independent number formatting for messages and reports: the same bytes whatever
// LC_ALL says.

#include <string>

namespace itsb::scenarios {

//! Shortest text that reads back to the same double ("0.048", "15000000", "1e+400" never occurs).
std::string formatNumber(double value);
//! Fixed decimals, no grouping ("1.2346").
std::string formatNumber(double value, int decimals);
//! Fixed decimals with thousands separators ("-12,345,678.90").
std::string formatMoney(double value, int decimals);
//! A rate as a percentage with fixed decimals ("4.80%").
std::string formatPercent(double rate, int decimals = 2);

}  // namespace itsb::scenarios
