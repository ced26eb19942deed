#pragma once
// The value of a candidate group of councils for a service (docs/MARKET.md, "The value of a
// group"): the annual saving — the rate for the group's size times the members' addressable
// spend — less the frictions that ended real partnerships (distance, number of partners, tier
// mismatch, size imbalance, crossing county lines), plus the similarity of the members
// (deprivation, rural/urban). Every term is a share of the saving in pounds a year, shown so a
// council can see why a group scores as it does; the weights are market/data/value_terms.json.

#include "itsb/market/council_data.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace itsb::market {

enum class Term { Distance, Partners, TierMismatch, SizeImbalance, CountyCrossing, Deprivation, RuralUrban };
inline constexpr std::size_t kTermCount = 7;
inline constexpr std::array<Term, kTermCount> kTerms{Term::Distance,      Term::Partners,       Term::TierMismatch,
                                                     Term::SizeImbalance, Term::CountyCrossing, Term::Deprivation,
                                                     Term::RuralUrban};

//! "distance", "partners", "tier_mismatch", "size_imbalance", "county_crossing", "deprivation",
//! "rural_urban": the keys of value_terms.json, a listing's weights and the reports' terms.
std::string_view name(Term term);

//! A multiplier for each term (a council's weights from its listing; 1 when it has none).
using TermWeights = std::array<double, kTermCount>;
inline constexpr TermWeights kUnitWeights{1, 1, 1, 1, 1, 1, 1};

struct ValueParameters {
    RateCase rateCase = RateCase::Likely;
    TermWeights weight{};          //!< the share of the saving each term can take or add
    double referenceKm = 80.0;     //!< the distance at which the distance friction is whole
    std::size_t largestGroup = 6;  //!< the partners friction is whole at this size
    //! market/data/value_terms.json, compiled in.
    static const ValueParameters& builtIn();
};

//! A council's tier: "county", "district" or "single tier" (unitary, metropolitan district,
//! London borough, the City).
enum class Tier { County, District, Single };
Tier tierOf(CouncilType type);

struct GroupValue {
    double addressableSpend = 0.0;  //!< the members' total for the service, GBP a year (2017-18)
    double rate = 0.0;              //!< the saving rate for the group's size
    double annualSaving = 0.0;      //!< rate x addressable spend
    std::array<double, kTermCount> terms{};  //!< each term in GBP a year: frictions <= 0, similarity >= 0
    double score = 0.0;             //!< annualSaving + the terms
    // What the terms measure, for the reasons shown beside them.
    double longestKm = 0.0;          //!< the longest distance between two members' centres
    double tierMismatchShare = 0.0;  //!< member pairs on different tiers / pairs
    double sizeRatio = 1.0;          //!< smallest member's addressable spend / largest's
    double countyCrossingShare = 0.0;
    double deprivationGap = 0.0;     //!< mean |IMD quintile difference| over pairs (0 to 4)
    double ruralUrbanGap = 0.0;      //!< mean |rural-urban class difference| over pairs (0 to 3)
};

//! Values groups for one service. Cheap per group (a few dozen operations a pair), so `match`
//! can value every connected group of up to four councils in England.
class GroupValuer {
  public:
    //! Throws std::invalid_argument for an unknown service.
    GroupValuer(const CouncilData& data, std::string_view service,
                const ValueParameters& parameters = ValueParameters::builtIn());

    //! A council's own weights for the terms (from its listing): a group's term is weighted by
    //! the mean of its members' weights.
    void setWeights(std::size_t council, const TermWeights& weights);

    //! The value of a group of 2 or more distinct councils (indices into data.councils()).
    GroupValue value(std::span<const std::size_t> members) const;

    const CouncilData& data() const { return *data_; }
    const std::string& service() const { return service_; }
    double distanceKm(std::size_t a, std::size_t b) const;
    //! Whether two councils are "in the same county" for the crossing term (and a listing's
    //! same-county rule): the same region and, when both are in two-tier areas, the same county.
    bool sameCounty(std::size_t a, std::size_t b) const;
    //! Whether `other` is within `owner`'s county for a listing's same-county rule: the county
    //! itself or one of its districts when `owner` is in a two-tier area, else in its region.
    bool inCountyOf(std::size_t owner, std::size_t other) const;

  private:
    const CouncilData* data_;
    std::string service_;
    ValueParameters parameters_;
    std::vector<double> spend_;
    std::vector<double> rate_;  //!< by group size
    std::vector<Tier> tier_;
    std::vector<int> region_, county_;  //!< county: -1 outside a two-tier area
    std::vector<int> ruralUrban_;
    std::vector<TermWeights> weights_;
};

}  // namespace itsb::market
