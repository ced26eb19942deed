#include "itsb/market/value.hpp"

#include "embedded_tables.hpp"
#include "itsb/market/geography.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace itsb::market {

std::string_view name(Term term) {
    switch (term) {
    case Term::Distance: return "distance";
    case Term::Partners: return "partners";
    case Term::TierMismatch: return "tier_mismatch";
    case Term::SizeImbalance: return "size_imbalance";
    case Term::CountyCrossing: return "county_crossing";
    case Term::Deprivation: return "deprivation";
    case Term::RuralUrban: return "rural_urban";
    }
    return "";
}

Tier tierOf(CouncilType type) {
    switch (type) {
    case CouncilType::County: return Tier::County;
    case CouncilType::District: return Tier::District;
    default: return Tier::Single;
    }
}

const ValueParameters& ValueParameters::builtIn() {
    static const ValueParameters parameters = [] {
        const auto json = nlohmann::json::parse(detail::embeddedTable("value_terms"));
        ValueParameters p;
        const std::string caseName = json.at("rate_case").get<std::string>();
        if (caseName != "likely" && caseName != "best")
            throw std::runtime_error("value_terms.json: rate_case must be likely or best, got " + caseName);
        p.rateCase = caseName == "best" ? RateCase::Best : RateCase::Likely;
        const auto& terms = json.at("terms");
        if (terms.size() != kTermCount) throw std::runtime_error("value_terms.json: terms must name the seven terms");
        for (std::size_t t = 0; t < kTermCount; ++t) {
            const auto& term = terms.at(std::string(name(kTerms[t])));
            p.weight[t] = term.at("weight").get<double>();
            if (!(p.weight[t] >= 0.0 && p.weight[t] <= 1.0))
                throw std::runtime_error("value_terms.json: a weight must be from 0 to 1");
        }
        p.referenceKm = terms.at("distance").at("reference_km").get<double>();
        if (!(p.referenceKm > 0.0)) throw std::runtime_error("value_terms.json: reference_km must be above 0");
        return p;
    }();
    return parameters;
}

namespace {

// The rural-urban classes in order of rurality (market/data/labels.csv).
int ruralUrbanRank(const std::string& label) {
    if (label == "urban") return 0;
    if (label == "urban_with_rural_areas") return 1;
    if (label == "rural") return 2;
    if (label == "sparse_and_rural") return 3;
    return -1;
}

}  // namespace

GroupValuer::GroupValuer(const CouncilData& data, std::string_view service, const ValueParameters& parameters)
    : data_(&data), service_(service), parameters_(parameters) {
    const auto& services = data.services();
    if (std::find(services.begin(), services.end(), service) == services.end())
        throw std::invalid_argument("unknown service \"" + std::string(service) + "\"");
    const auto& councils = data.councils();
    std::map<std::string, int> regions, counties;
    for (std::size_t i = 0; i < councils.size(); ++i) {
        const auto& c = councils[i];
        spend_.push_back(data.addressableSpend(i, service));
        tier_.push_back(tierOf(c.type));
        region_.push_back(regions.emplace(c.region, static_cast<int>(regions.size())).first->second);
        const std::string county = c.type == CouncilType::County ? c.gss : c.countyGss;
        county_.push_back(county.empty() ? -1 : counties.emplace(county, static_cast<int>(counties.size())).first->second);
        ruralUrban_.push_back(ruralUrbanRank(c.ruralUrban));
    }
    weights_.assign(councils.size(), kUnitWeights);
    rate_.assign(parameters_.largestGroup + 1, 0.0);
    for (std::size_t n = 1; n <= parameters_.largestGroup; ++n)
        rate_[n] = data.savingRate(service, parameters_.rateCase, n).value_or(0.0);
}

void GroupValuer::setWeights(std::size_t council, const TermWeights& weights) { weights_.at(council) = weights; }

double GroupValuer::distanceKm(std::size_t a, std::size_t b) const {
    const auto& ca = data_->councils()[a];
    const auto& cb = data_->councils()[b];
    return greatCircleKm(ca.latitude, ca.longitude, cb.latitude, cb.longitude);
}

bool GroupValuer::sameCounty(std::size_t a, std::size_t b) const {
    if (region_[a] != region_[b]) return false;
    return county_[a] < 0 || county_[b] < 0 || county_[a] == county_[b];
}

bool GroupValuer::inCountyOf(std::size_t owner, std::size_t other) const {
    if (county_[owner] >= 0) return county_[other] == county_[owner];
    return region_[other] == region_[owner];
}

GroupValue GroupValuer::value(std::span<const std::size_t> members) const {
    const std::size_t n = members.size();
    if (n < 2 || n > parameters_.largestGroup)
        throw std::invalid_argument("a group has 2 to " + std::to_string(parameters_.largestGroup) + " councils");
    GroupValue v;
    double smallest = spend_[members[0]], largest = spend_[members[0]];
    for (std::size_t i : members) {
        v.addressableSpend += spend_[i];
        smallest = std::min(smallest, spend_[i]);
        largest = std::max(largest, spend_[i]);
    }
    v.rate = rate_[n];
    v.annualSaving = v.rate * v.addressableSpend;
    v.sizeRatio = largest > 0.0 ? smallest / largest : 1.0;

    std::size_t pairs = 0, tierPairs = 0, crossingPairs = 0;
    double deprivation = 0.0, ruralUrban = 0.0;
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = a + 1; b < n; ++b) {
            const std::size_t i = members[a], j = members[b];
            if (i == j) throw std::invalid_argument("a group lists a council twice");
            ++pairs;
            v.longestKm = std::max(v.longestKm, distanceKm(i, j));
            if (tier_[i] != tier_[j]) ++tierPairs;
            if (!sameCounty(i, j)) ++crossingPairs;
            deprivation += std::abs(data_->councils()[i].imdQuintile - data_->councils()[j].imdQuintile);
            ruralUrban += std::abs(ruralUrban_[i] - ruralUrban_[j]);
        }
    const double p = static_cast<double>(pairs);
    v.tierMismatchShare = static_cast<double>(tierPairs) / p;
    v.countyCrossingShare = static_cast<double>(crossingPairs) / p;
    v.deprivationGap = deprivation / p;
    v.ruralUrbanGap = ruralUrban / p;

    // The share of the saving each term takes (frictions) or adds (similarity) before weights.
    std::array<double, kTermCount> measure{};
    measure[0] = -std::min(1.0, v.longestKm / parameters_.referenceKm);
    measure[1] = -static_cast<double>(n - 2) / static_cast<double>(parameters_.largestGroup - 2);
    measure[2] = -v.tierMismatchShare;
    measure[3] = -(1.0 - v.sizeRatio);
    measure[4] = -v.countyCrossingShare;
    measure[5] = 1.0 - v.deprivationGap / 4.0;
    measure[6] = 1.0 - v.ruralUrbanGap / 3.0;
    v.score = v.annualSaving;
    for (std::size_t t = 0; t < kTermCount; ++t) {
        double multiplier = 0.0;
        for (std::size_t i : members) multiplier += weights_[i][t];
        multiplier /= static_cast<double>(n);
        v.terms[t] = v.annualSaving * parameters_.weight[t] * multiplier * measure[t];
        if (v.terms[t] == 0.0) v.terms[t] = 0.0;  // no "-0" in a report
        v.score += v.terms[t];
    }
    return v;
}

}  // namespace itsb::market
