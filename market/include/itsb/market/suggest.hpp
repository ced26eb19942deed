#pragma once
// `itsb market suggest CODE`: a council's best groups for a service, best for it first, each with the
// terms of its value and, priced through the bond engine, its NPV after financing and
// break-even year (docs/MARKET.md, "Suggest").

#include "itsb/market/candidates.hpp"
#include "itsb/market/pricing.hpp"
#include "itsb/market/value.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace itsb::market {

struct SuggestOptions {
    std::string service = "back_office";
    std::size_t top = 5;      //!< how many groups to list
    std::size_t maxSize = 4;  //!< the largest group, 2 to 6
    bool price = true;        //!< price each listed group through the engine
    PricingOptions pricing;
};

struct Suggestion {
    std::vector<std::size_t> members;   //!< the whole group, ascending
    std::vector<std::size_t> partners;  //!< the others, ascending
    GroupValue value;
    //! The council's share of the group's addressable spend, and so of its score and, with
    //! costs shared by spend, of its NPV after financing.
    double ownShare = 0.0;
    double ownScore = 0.0;  //!< ownShare x the group's score: what the ranking sorts by
    std::optional<GroupPrice> price;
};

struct Suggestions {
    std::size_t council = 0;
    std::string service;
    bool listingsActive = false;   //!< listings for the service decided who takes part
    std::size_t candidates = 0;    //!< connected groups containing the council
    std::size_t ruledOut = 0;      //!< of them, broken by a listing's hard constraint or role
    //! Best first: by the council's own part of the score (its share of the group's spend), so a
    //! small council is not steered into a large group where its part is small; ties by members.
    std::vector<Suggestion> suggestions;
};

//! Throws std::invalid_argument for a top of 0, a size outside 2 to 6 or an unknown service.
Suggestions suggest(const CouncilData& data, std::size_t council, const std::vector<Listing>& listings,
                    const SuggestOptions& options);

}  // namespace itsb::market
