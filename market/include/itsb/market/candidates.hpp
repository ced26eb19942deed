#pragma once
// The groups the market place may propose for a service (docs/MARKET.md, "Candidates"):
// connected groups of 2 to 4 (up to 6) councils on the graph of shared boundaries and nearby
// districts, that no member's listing rules out. With listings for the service, only listed
// councils take part and a group needs a council that can provide the service (offer or open)
// and one that wants it (seek or open).

#include "itsb/market/council_data.hpp"
#include "itsb/market/listing.hpp"
#include "itsb/market/value.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace itsb::market {

//! A group of councils, in ascending index order (indices into CouncilData::councils()).
struct Group {
    std::array<std::uint16_t, 6> member{};
    std::uint8_t size = 0;

    std::vector<std::size_t> members() const { return {member.begin(), member.begin() + size}; }
    bool contains(std::size_t council) const;
    friend bool operator==(const Group&, const Group&) = default;
    friend auto operator<=>(const Group&, const Group&) = default;
};

//! Every connected group of `minSize` to `maxSize` councils among the `eligible` ones (the graph
//! restricted to them), each once, in ascending order of members; only those containing
//! `mustInclude` when it is given. `maxSize` is at most 6.
std::vector<Group> connectedGroups(const CouncilData& data, const std::vector<bool>& eligible, std::size_t minSize,
                                   std::size_t maxSize, std::optional<std::size_t> mustInclude = std::nullopt);

//! The listings for one service as rules on groups: who takes part, their hard constraints and
//! their weights. A council with several listings for the service is held to its latest (the
//! highest id).
class ListingRules {
  public:
    ListingRules(const GroupValuer& valuer, const std::vector<Listing>& listings);

    //! Whether any council has listed the service (then only listed councils take part).
    bool active() const { return active_; }
    //! The councils that take part: every council when no listing is active, else the listed
    //! ones and `alsoCouncil` (the council asking for suggestions, treated as "open").
    std::vector<bool> eligible(std::optional<std::size_t> alsoCouncil = std::nullopt) const;
    //! The listing that holds for a council, or null.
    const Listing* listing(std::size_t council) const;
    //! Why the group breaks a member's hard constraint or the offer/seek rule, or nullopt when
    //! it may be proposed.
    std::optional<std::string> excludes(const Group& group) const;
    //! The weights a council's listing gives the value terms.
    TermWeights weights(std::size_t council) const;

  private:
    const GroupValuer* valuer_;
    bool active_ = false;
    std::vector<int> byCouncil_;  //!< index into listings_, -1: none
    std::vector<Listing> listings_;
};

}  // namespace itsb::market
