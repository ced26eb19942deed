#pragma once
// `itsb market match`: the best disjoint set of consortia across England for a service, as
// weighted set packing over every candidate group (set_packing.hpp, solved by CBC), then the
// stability check: any candidate group whose members would all do strictly better together,
// under the share rule, than in the consortia they were given (a blocking coalition)
// (docs/MARKET.md, "Match").

#include "itsb/market/candidates.hpp"
#include "itsb/market/pricing.hpp"
#include "itsb/market/value.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace itsb::market {

struct MatchOptions {
    std::string service = "back_office";
    std::size_t maxSize = 4;                //!< the largest consortium, 2 to 6
    std::optional<std::string> region;      //!< only councils of this region take part
    //! Weigh each candidate by the engine's NPV after financing instead of its score: every
    //! candidate is priced, so this is refused above `pricedLimit` candidates.
    bool priced = false;
    std::size_t pricedLimit = 20000;
    PricingOptions pricing;
    //! How a consortium's value is split for the stability check: equal, spend or shapley (of
    //! the game where a sub-group is worth the best packing of its members into candidates).
    ShareRule shares = ShareRule::Equal;
    double maxSeconds = 300.0;
    //! Called as candidates are priced (done, total).
    std::function<void(long long, long long)> progress;
};

struct Consortium {
    std::vector<std::size_t> members;
    GroupValue value;
    std::optional<GroupPrice> price;   //!< with `priced`
    double weight = 0.0;               //!< what the packing maximised: the score, or the NPV when priced
    std::vector<double> payoffs;       //!< each member's part of `weight` under the share rule
};

struct BlockingCoalition {
    std::vector<std::size_t> members;
    double weight = 0.0;
    std::vector<double> payoffs;   //!< each member's part together
    std::vector<double> current;   //!< each member's part in its assigned consortium (0 unmatched)
};

struct MatchResult {
    std::string service;
    std::size_t maxSize = 4;
    std::optional<std::string> region;
    bool priced = false;
    ShareRule shares = ShareRule::Equal;
    bool listingsActive = false;
    std::size_t councils = 0;      //!< councils taking part
    std::size_t candidates = 0;    //!< connected groups of 2 to maxSize among them
    std::size_t ruledOut = 0;      //!< of them, broken by a listing
    std::size_t packed = 0;        //!< of weight above zero
    std::size_t dominated = 0;     //!< of those, worth no more than a split into smaller candidates
    std::vector<Consortium> consortia;   //!< best weight first (ties: members ascending)
    std::vector<std::size_t> unmatched;  //!< councils taking part but in no consortium
    double objective = 0.0, bound = 0.0, gap = 0.0;
    bool proven = false;
    double seconds = 0.0;          //!< the solver's wall time
    std::size_t blockingCount = 0; //!< blocking coalitions among the candidates
    std::vector<BlockingCoalition> blocking;  //!< the ten of greatest weight
};

//! Throws std::invalid_argument for a bad size, service, region or rule, and for `priced` over
//! the limit.
MatchResult match(const CouncilData& data, const std::vector<Listing>& listings, const MatchOptions& options);

//! The names of the regions, as the data spells them, sorted.
std::vector<std::string> regions(const CouncilData& data);

}  // namespace itsb::market
