#include "itsb/market/suggest.hpp"

#include <algorithm>
#include <stdexcept>

namespace itsb::market {

Suggestions suggest(const CouncilData& data, std::size_t council, const std::vector<Listing>& listings,
                    const SuggestOptions& options) {
    if (options.top == 0) throw std::invalid_argument("top must be at least 1");
    if (options.maxSize < 2 || options.maxSize > 6) throw std::invalid_argument("the largest group must be 2 to 6 councils");
    GroupValuer valuer(data, options.service);
    const ListingRules rules(valuer, listings);
    for (std::size_t i = 0; i < data.councils().size(); ++i) valuer.setWeights(i, rules.weights(i));

    Suggestions out;
    out.council = council;
    out.service = options.service;
    out.listingsActive = rules.active();
    const auto groups = connectedGroups(data, rules.eligible(council), 2, options.maxSize, council);
    out.candidates = groups.size();
    struct Scored {
        const Group* group;
        GroupValue value;
        double ownShare;
        double ownScore;
    };
    const double ownSpend = data.addressableSpend(council, options.service);
    std::vector<Scored> scored;
    for (const auto& g : groups) {
        if (rules.excludes(g)) {
            ++out.ruledOut;
            continue;
        }
        const auto members = g.members();
        const auto value = valuer.value(members);
        const double share = value.addressableSpend > 0.0 ? ownSpend / value.addressableSpend : 0.0;
        scored.push_back({&g, value, share, share * value.score});
    }
    const std::size_t keep = std::min(options.top, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep), scored.end(),
                      [](const Scored& a, const Scored& b) {
                          if (a.ownScore != b.ownScore) return a.ownScore > b.ownScore;
                          return *a.group < *b.group;
                      });
    for (std::size_t k = 0; k < keep; ++k) {
        Suggestion s;
        s.members = scored[k].group->members();
        for (std::size_t m : s.members)
            if (m != council) s.partners.push_back(m);
        s.value = scored[k].value;
        s.ownShare = scored[k].ownShare;
        s.ownScore = scored[k].ownScore;
        if (options.price) s.price = priceGroup(data, s.members, options.service, options.pricing);
        out.suggestions.push_back(std::move(s));
    }
    return out;
}

}  // namespace itsb::market
