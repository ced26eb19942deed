#include "itsb/market/listing.hpp"

#include "itsb/finance/capital_finance.hpp"
#include "itsb/market/council_data.hpp"
#include "itsb/market/value.hpp"
#include "itsb/scenarios/io/input_error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <map>
#include <utility>

namespace itsb::market {

// Named, not anonymous: in a unity build this file shares a translation unit with others.
namespace listing_reading {

using nlohmann::json;

//! Problems listed in one InputError, as the scenario reader does; the rest are counted.
constexpr std::size_t kMaxProblems = 200;
constexpr std::size_t kMaxNoteBytes = 500;
constexpr int kMaxPartners = 5;
constexpr double kMaxDistanceKm = 1000.0;
constexpr double kMaxWeight = 10.0;
//! Financial years a start window may name: 2000/01 to 2099/00.
constexpr int kFirstYear = 2000, kLastYear = 2099;

constexpr std::array<std::string_view, 10> kKeys{"council",          "service", "role",         "max_partners",
                                                 "max_distance_km",  "same_county_only", "exclude",
                                                 "start_window",     "weights", "note"};
constexpr std::array<std::string_view, 2> kWindowKeys{"from", "to"};
constexpr std::array<ListingRole, 3> kRoles{ListingRole::Offer, ListingRole::Seek, ListingRole::Open};

const std::string kCouncilRule = "must be a current English principal council's ONS code or name";
const std::string kYearRule = "must be a financial year written YYYY/YY (2027/28), from 2000/01 to 2099/00";

template <typename Words>
std::string quotedList(const Words& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "\"" : ", \"") + std::string(word) + "\"";
    return text;
}

std::string child(const std::string& parent, std::string_view key) {
    return (json::json_pointer(parent) / std::string(key)).to_string();
}

std::string child(const std::string& parent, std::size_t index) { return parent + "/" + std::to_string(index); }

std::string lowerAscii(std::string_view text) {
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

//! Every problem found, each with its pointer; at most kMaxProblems listed.
struct Problems {
    std::vector<scenarios::InputProblem> listed;
    std::size_t unlisted = 0;

    void add(std::string pointer, const json* value, std::string rule) {
        if (listed.size() >= kMaxProblems) {
            ++unlisted;
            return;
        }
        listed.push_back({std::move(pointer), value != nullptr ? scenarios::problemValue(*value) : "", std::move(rule)});
    }
    void merge(const scenarios::InputError& error) {
        for (const auto& problem : error.problems()) {
            if (listed.size() < kMaxProblems)
                listed.push_back(problem);
            else
                ++unlisted;
        }
        unlisted += error.unlisted();
    }
    bool empty() const { return listed.empty() && unlisted == 0; }
    [[noreturn]] void raise() { throw scenarios::InputError(std::move(listed), unlisted); }
};

template <typename Keys>
void unknownKeys(const json& object, const std::string& pointer, const Keys& allowed, Problems& problems,
                 const std::string& what = "key") {
    for (const auto& [key, value] : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        problems.add(child(pointer, key), nullptr, "unknown " + what + " (allowed: " + quotedList(allowed) + ")");
    }
}

std::optional<std::size_t> councilOf(const json& value, const CouncilData& data) {
    if (!value.is_string()) return std::nullopt;
    return findCouncil(data, value.get_ref<const std::string&>());
}

//! "2027/28" -> 2027; nullopt for anything else, including "2027/29".
std::optional<int> financialYear(const json& value) {
    if (!value.is_string()) return std::nullopt;
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() != 7 || text[4] != '/') return std::nullopt;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    const int year = std::stoi(text.substr(0, 4));
    const int next = std::stoi(text.substr(5, 2));
    if (next != (year + 1) % 100 || year < kFirstYear || year > kLastYear) return std::nullopt;
    return year;
}

//! A whole number (3, or 3.0 as JSON allows) from `lo` to `hi`.
std::optional<int> wholeNumber(const json& value, int lo, int hi) {
    double x = 0.0;
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(hi)) return std::nullopt;
        x = static_cast<double>(u);
    } else if (value.is_number()) {
        x = value.get<double>();
    } else {
        return std::nullopt;
    }
    if (x != std::floor(x) || x < lo || x > hi) return std::nullopt;
    return static_cast<int>(x);
}

//! The note: one line of UTF-8 text (it is shown in table rows).
bool acceptableNote(const json& value) {
    if (!value.is_string()) return false;
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > kMaxNoteBytes) return false;
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    return true;
}

bool validUtf8(const json& value) {
    try {
        (void)value.dump();  // an inline --note can carry bytes that are not UTF-8
        return true;
    } catch (const json::type_error&) {
        return false;
    }
}

void readExcluded(const json& value, const std::string& pointer, const CouncilData& data,
                  std::optional<std::size_t> self, Listing& listing, Problems& problems) {
    if (!value.is_array()) {
        problems.add(pointer, &value, "must be an array of councils' ONS codes or names");
        return;
    }
    std::map<std::size_t, std::size_t> seen;  // council -> its first entry
    for (std::size_t i = 0; i < value.size(); ++i) {
        const json& entry = value.at(i);
        const auto council = councilOf(entry, data);
        if (!council) {
            problems.add(child(pointer, i), &entry, kCouncilRule);
            continue;
        }
        if (self && *council == *self) {
            problems.add(child(pointer, i), &entry, "must not be the listing's own council");
            continue;
        }
        if (const auto [it, inserted] = seen.emplace(*council, i); !inserted) {
            problems.add(child(pointer, i), &entry, "repeats " + child(pointer, it->second));
            continue;
        }
        listing.excluded.push_back(data.councils()[*council].gss);
    }
    std::sort(listing.excluded.begin(), listing.excluded.end());
}

void readWindow(const json& value, const std::string& pointer, Listing& listing, Problems& problems) {
    if (!value.is_object()) {
        problems.add(pointer, &value, "must be an object with \"from\" and \"to\" financial years");
        return;
    }
    unknownKeys(value, pointer, kWindowKeys, problems);
    for (const std::string_view key : kWindowKeys) {
        const auto it = value.find(key);
        if (it == value.end()) continue;
        const auto year = financialYear(*it);
        if (!year) {
            problems.add(child(pointer, key), &*it, kYearRule);
            continue;
        }
        (key == "from" ? listing.startFrom : listing.startTo) = *year;
    }
    if (listing.startFrom && listing.startTo && *listing.startTo < *listing.startFrom)
        problems.add(child(pointer, "to"), &value.at("to"),
                     "must not be before the window's \"from\" (" + financialYearText(*listing.startFrom) + ")");
}

void readWeights(const json& value, const std::string& pointer, Listing& listing, Problems& problems) {
    if (!value.is_object()) {
        problems.add(pointer, &value, "must be an object of value terms and weights");
        return;
    }
    const auto& terms = weightableTerms();
    unknownKeys(value, pointer, terms, problems, "value term");
    for (const auto& [term, weight] : value.items()) {
        if (std::find(terms.begin(), terms.end(), term) == terms.end()) continue;
        if (!weight.is_number() || weight.get<double>() < 0.0 || weight.get<double>() > kMaxWeight) {
            problems.add(child(pointer, term), &weight, "must be a number between 0 and 10");
            continue;
        }
        listing.weights[term] = weight.get<double>();
    }
}

}  // namespace listing_reading

std::string_view name(ListingRole role) {
    switch (role) {
    case ListingRole::Offer: return "offer";
    case ListingRole::Seek: return "seek";
    case ListingRole::Open: return "open";
    }
    return "";
}

const std::vector<std::string>& weightableTerms() {
    static const std::vector<std::string> terms = [] {
        std::vector<std::string> names;
        for (Term term : kTerms) names.emplace_back(name(term));
        return names;
    }();
    return terms;
}

std::optional<std::size_t> findCouncil(const CouncilData& data, std::string_view codeOrName) {
    if (auto index = data.find(codeOrName)) return index;
    const std::string lower = listing_reading::lowerAscii(codeOrName);
    const auto& councils = data.councils();
    for (std::size_t i = 0; i < councils.size(); ++i)
        if (listing_reading::lowerAscii(councils[i].name) == lower) return i;
    return std::nullopt;
}

std::string financialYearText(int year) { return finance::fiscalYearLabel(year); }

Listing readListing(const nlohmann::json& json, const CouncilData& data, const std::string& pointer) {
    using namespace listing_reading;
    Problems problems;
    if (!json.is_object()) {
        problems.add(pointer, &json, "must be a listing (a JSON object)");
        problems.raise();
    }
    Listing listing;
    for (const auto& [key, value] : json.items()) {
        if (key == "id")
            problems.add(child(pointer, key), &value, "is given by the store when a listing is added (remove it)");
        else if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
            problems.add(child(pointer, key), nullptr, "unknown key (allowed: " + quotedList(kKeys) + ")");
    }
    auto required = [&](std::string_view key) -> const nlohmann::json* {
        const auto it = json.find(key);
        if (it != json.end()) return &*it;
        problems.add(child(pointer, key), nullptr, "is required");
        return nullptr;
    };
    auto optional = [&](std::string_view key) -> const nlohmann::json* {
        const auto it = json.find(key);
        return it == json.end() ? nullptr : &*it;
    };

    std::optional<std::size_t> council;
    if (const auto* value = required("council")) {
        council = councilOf(*value, data);
        if (council)
            listing.council = data.councils()[*council].gss;
        else
            problems.add(child(pointer, "council"), value, kCouncilRule);
    }
    if (const auto* value = required("service")) {
        const auto& services = data.services();
        if (value->is_string() && std::find(services.begin(), services.end(), value->get<std::string>()) != services.end())
            listing.service = value->get<std::string>();
        else
            problems.add(child(pointer, "service"), value, "must be one of " + quotedList(services));
    }
    if (const auto* value = required("role")) {
        const auto role = std::find_if(kRoles.begin(), kRoles.end(), [&](ListingRole r) {
            return value->is_string() && value->get_ref<const std::string&>() == name(r);
        });
        if (role != kRoles.end())
            listing.role = *role;
        else
            problems.add(child(pointer, "role"), value, "must be one of \"offer\", \"seek\", \"open\"");
    }
    if (const auto* value = optional("max_partners")) {
        listing.maxPartners = wholeNumber(*value, 1, kMaxPartners);
        if (!listing.maxPartners) problems.add(child(pointer, "max_partners"), value, "must be a whole number from 1 to 5");
    }
    if (const auto* value = optional("max_distance_km")) {
        if (value->is_number() && value->get<double>() > 0.0 && value->get<double>() <= kMaxDistanceKm)
            listing.maxDistanceKm = value->get<double>();
        else
            problems.add(child(pointer, "max_distance_km"), value, "must be a number greater than 0 and at most 1000");
    }
    if (const auto* value = optional("same_county_only")) {
        if (value->is_boolean())
            listing.sameCountyOnly = value->get<bool>();
        else
            problems.add(child(pointer, "same_county_only"), value, "must be true or false");
    }
    if (const auto* value = optional("exclude"))
        readExcluded(*value, child(pointer, "exclude"), data, council, listing, problems);
    if (const auto* value = optional("start_window")) readWindow(*value, child(pointer, "start_window"), listing, problems);
    if (const auto* value = optional("weights")) readWeights(*value, child(pointer, "weights"), listing, problems);
    if (const auto* value = optional("note")) {
        if (!validUtf8(*value))
            problems.add(child(pointer, "note"), value, "must be valid UTF-8 text");
        else if (!acceptableNote(*value))
            problems.add(child(pointer, "note"), value, "must be one line of text of at most 500 bytes");
        else
            listing.note = value->get<std::string>();
    }
    if (!problems.empty()) problems.raise();
    return listing;
}

std::vector<Listing> readListings(const nlohmann::json& json, const CouncilData& data) {
    using namespace listing_reading;
    if (!json.is_object() || !json.contains("listings")) return {readListing(json, data)};
    Problems problems;
    unknownKeys(json, "", std::array<std::string_view, 1>{"listings"}, problems);
    const auto& entries = json.at("listings");
    if (!entries.is_array() || entries.empty()) {
        problems.add("/listings", &entries, "must be an array of one or more listings");
        problems.raise();
    }
    std::vector<Listing> listings;
    std::map<std::pair<std::string, std::string>, std::size_t> seen;  // (council, service) -> first entry
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string pointer = child("/listings", i);
        try {
            listings.push_back(readListing(entries.at(i), data, pointer));
        } catch (const scenarios::InputError& error) {
            problems.merge(error);
            continue;
        }
        const auto& listing = listings.back();
        // The store holds one listing per council and service: a second would contradict it.
        if (const auto [it, inserted] = seen.emplace(std::pair{listing.council, listing.service}, i); !inserted)
            problems.add(child(pointer, "service"), &entries.at(i).at("service"),
                         "repeats the council and service of " + child("/listings", it->second));
    }
    if (!problems.empty()) problems.raise();
    return listings;
}

nlohmann::json toJson(const Listing& listing) {
    nlohmann::json json = nlohmann::json::object();
    if (listing.id != 0) json["id"] = listing.id;
    json["council"] = listing.council;
    json["service"] = listing.service;
    json["role"] = std::string(name(listing.role));
    if (listing.maxPartners) json["max_partners"] = *listing.maxPartners;
    if (listing.maxDistanceKm) json["max_distance_km"] = *listing.maxDistanceKm;
    json["same_county_only"] = listing.sameCountyOnly;
    json["exclude"] = listing.excluded;
    if (listing.startFrom || listing.startTo) {
        nlohmann::json window = nlohmann::json::object();
        if (listing.startFrom) window["from"] = financialYearText(*listing.startFrom);
        if (listing.startTo) window["to"] = financialYearText(*listing.startTo);
        json["start_window"] = std::move(window);
    }
    json["weights"] = nlohmann::json::object();
    for (const auto& [term, weight] : listing.weights) json["weights"][term] = weight;
    json["note"] = listing.note;
    return json;
}

}  // namespace itsb::market
