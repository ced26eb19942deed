#pragma once
// `itsb market suggest | match | price`: each answer as JSON and as a Document (text, Markdown,
// HTML). Councils are named by their ONS codes in JSON and by name and code in documents.

#include "itsb/market/council_data.hpp"
#include "itsb/market/match.hpp"
#include "itsb/market/pricing.hpp"
#include "itsb/market/suggest.hpp"
#include "itsb/reports/document.hpp"

#include <string>

namespace itsb::reports {

std::string suggestJson(const market::Suggestions& suggestions, const market::CouncilData& data);
Document suggestDocument(const market::Suggestions& suggestions, const market::CouncilData& data);

//! With `withTiming` false the solver's seconds are left out (byte-stable outputs for tests).
std::string matchJson(const market::MatchResult& result, const market::CouncilData& data, bool withTiming = true);
Document matchDocument(const market::MatchResult& result, const market::CouncilData& data, bool withTiming = true);

std::string priceJson(const market::PricedConsortium& priced, const market::CouncilData& data);
Document priceDocument(const market::PricedConsortium& priced, const market::CouncilData& data);

}  // namespace itsb::reports
