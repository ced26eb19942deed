#pragma once
// A listing: a council's notice on the market place that, for one service, it offers the service
// to others ("offer"), wants to buy or share it ("seek") or would do either ("open"), with the
// hard constraints any proposed group must meet and soft preferences that weight the value terms
// (docs/MARKET.md, "Listings"). Read strictly like an itsb input: every problem is reported with
// its JSON pointer, the value and the rule (scenarios::InputError).

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace itsb::market {

class CouncilData;

enum class ListingRole { Offer, Seek, Open };

//! "offer", "seek", "open".
std::string_view name(ListingRole role);

//! The value terms a listing may weight (value.hpp): "distance", "partners", "tier_mismatch",
//! "size_imbalance", "county_crossing", "deprivation", "rural_urban".
const std::vector<std::string>& weightableTerms();

struct Listing {
    std::int64_t id = 0;       //!< given by the store; 0 before it is stored
    std::string council;       //!< ONS code of a current English principal council
    std::string service;       //!< a service of CouncilData::services()
    ListingRole role = ListingRole::Open;
    // Hard constraints: a group that breaks one is never proposed to or with this council.
    std::optional<int> maxPartners;          //!< other councils in the group, 1 to 5
    std::optional<double> maxDistanceKm;     //!< from this council to every other member, > 0
    bool sameCountyOnly = false;             //!< every member in this council's county (two-tier areas)
    std::vector<std::string> excluded;       //!< ONS codes never to partner with, sorted, unique
    std::optional<int> startFrom;            //!< first financial year it could start (2027 = 2027/28)
    std::optional<int> startTo;              //!< last such year (>= startFrom)
    // Soft preferences: multipliers (0 to 10, default 1) of this council's view of a value term.
    std::map<std::string, double> weights;
    std::string note;                        //!< free text: one line, at most 500 bytes of UTF-8
};

//! Reads a listing from JSON: {"council", "service", "role", "max_partners", "max_distance_km",
//! "same_county_only", "exclude": [...], "start_window": {"from": "2027/28", "to": "2029/30"},
//! "weights": {...}, "note"}; "council" may be an ONS code or a council's name. Unknown keys,
//! unknown councils and services, values out of range and a council excluding itself are
//! problems, all reported at once with pointers under `pointer` ("" for a whole document, or
//! "/listings/3" inside a file of several). Throws scenarios::InputError.
Listing readListing(const nlohmann::json& json, const CouncilData& data, const std::string& pointer = "");

//! Reads a file's JSON: one listing object, or {"listings": [ ... ]}. Throws scenarios::InputError.
std::vector<Listing> readListings(const nlohmann::json& json, const CouncilData& data);

//! The listing as JSON in the form readListing takes (with "id" when it has one: readListing
//! refuses an "id", which only the store gives). Optional constraints are left out when unset.
nlohmann::json toJson(const Listing& listing);

//! The council with this ONS code or (ASCII case-insensitive) exact name, or nullopt.
std::optional<std::size_t> findCouncil(const CouncilData& data, std::string_view codeOrName);

//! A financial year as people write it: 2027 -> "2027/28", 2099 -> "2099/00"
//! (finance::fiscalYearLabel, the revenue budget's labels).
std::string financialYearText(int year);

}  // namespace itsb::market
