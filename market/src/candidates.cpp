#include "itsb/market/candidates.hpp"

#include <algorithm>
#include <stdexcept>

namespace itsb::market {

bool Group::contains(std::size_t council) const {
    return std::find(member.begin(), member.begin() + size, council) != member.begin() + size;
}

namespace {

// Wernicke's ESU enumeration ("Efficient detection of network motifs", IEEE/ACM TCBB 2006): every
// connected vertex set is grown from its smallest vertex `root`, adding only vertices above the
// root that neighbour the newest vertex and no earlier one, so each set is reached exactly once.
struct Enumeration {
    const std::vector<std::vector<std::size_t>>& adjacency;
    std::size_t minSize, maxSize;
    std::optional<std::size_t> mustInclude;
    std::vector<Group>& out;
    std::vector<int> inOrNear;  // how many of the current set's members are this vertex or neighbour it

    void record(const std::vector<std::size_t>& set) {
        if (set.size() < minSize) return;
        Group g;
        g.size = static_cast<std::uint8_t>(set.size());
        std::vector<std::size_t> sorted = set;
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t k = 0; k < sorted.size(); ++k) g.member[k] = static_cast<std::uint16_t>(sorted[k]);
        out.push_back(g);
    }

    //! Whether u comes after the root in the order sets grow in: the vertex order, except that
    //! the council every set must contain comes first (then it is the only root).
    bool above(std::size_t u, std::size_t root) const {
        if (mustInclude) return u != *mustInclude;
        return u > root;
    }

    void mark(std::size_t v, int delta) {
        inOrNear[v] += delta;
        for (std::size_t u : adjacency[v]) inOrNear[u] += delta;
    }

    void extend(std::vector<std::size_t>& set, std::vector<std::size_t> extension, std::size_t root) {
        record(set);
        if (set.size() == maxSize) return;
        while (!extension.empty()) {
            const std::size_t w = extension.back();
            extension.pop_back();
            // The exclusive neighbours of w: above the root, not in the set nor next to it.
            std::vector<std::size_t> next = extension;
            for (std::size_t u : adjacency[w])
                if (above(u, root) && inOrNear[u] == 0 && std::find(next.begin(), next.end(), u) == next.end()) next.push_back(u);
            set.push_back(w);
            mark(w, +1);
            extend(set, std::move(next), root);
            mark(w, -1);
            set.pop_back();
        }
    }
};

}  // namespace

std::vector<Group> connectedGroups(const CouncilData& data, const std::vector<bool>& eligible, std::size_t minSize,
                                   std::size_t maxSize, std::optional<std::size_t> mustInclude) {
    const std::size_t n = data.councils().size();
    if (eligible.size() != n) throw std::invalid_argument("eligible must have one flag per council");
    if (maxSize > 6 || minSize < 1 || minSize > maxSize) throw std::invalid_argument("group sizes must be 1 to 6");
    std::vector<std::vector<std::size_t>> adjacency(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (!eligible[i]) continue;
        for (const auto& neighbour : data.neighbours(i))
            if (eligible[neighbour.council]) adjacency[i].push_back(neighbour.council);
        std::sort(adjacency[i].begin(), adjacency[i].end());
    }
    std::vector<Group> out;
    Enumeration e{adjacency, minSize, maxSize, mustInclude, out, std::vector<int>(n, 0)};
    for (std::size_t v = 0; v < n; ++v) {
        // With a council every set must contain, it is the one root and every vertex counts as
        // above it: ESU then grows each connected set containing it exactly once.
        if (!eligible[v] || (mustInclude && v != *mustInclude)) continue;
        std::vector<std::size_t> extension;
        for (std::size_t u : adjacency[v])
            if (e.above(u, v)) extension.push_back(u);
        std::vector<std::size_t> set{v};
        e.mark(v, +1);
        e.extend(set, std::move(extension), v);
        e.mark(v, -1);
    }
    std::sort(out.begin(), out.end());
    return out;
}

ListingRules::ListingRules(const GroupValuer& valuer, const std::vector<Listing>& listings) : valuer_(&valuer) {
    const auto& data = valuer.data();
    byCouncil_.assign(data.councils().size(), -1);
    for (const auto& l : listings) {
        if (l.service != valuer.service()) continue;
        const auto council = data.find(l.council);
        if (!council) continue;  // a listing of a council the data no longer has
        listings_.push_back(l);
        const int index = static_cast<int>(listings_.size()) - 1;
        int& current = byCouncil_[*council];
        if (current < 0 || listings_[static_cast<std::size_t>(current)].id < l.id) current = index;
    }
    active_ = !listings_.empty();
}

std::vector<bool> ListingRules::eligible(std::optional<std::size_t> alsoCouncil) const {
    std::vector<bool> out(byCouncil_.size(), !active_);
    if (active_)
        for (std::size_t i = 0; i < byCouncil_.size(); ++i) out[i] = byCouncil_[i] >= 0;
    if (alsoCouncil) out.at(*alsoCouncil) = true;
    return out;
}

const Listing* ListingRules::listing(std::size_t council) const {
    const int index = byCouncil_.at(council);
    return index < 0 ? nullptr : &listings_[static_cast<std::size_t>(index)];
}

TermWeights ListingRules::weights(std::size_t council) const {
    TermWeights w = kUnitWeights;
    if (const Listing* l = listing(council))
        for (std::size_t t = 0; t < kTermCount; ++t) {
            const auto found = l->weights.find(std::string(name(kTerms[t])));
            if (found != l->weights.end()) w[t] = found->second;
        }
    return w;
}

std::optional<std::string> ListingRules::excludes(const Group& group) const {
    const auto& councils = valuer_->data().councils();
    bool provider = false, seeker = false;
    std::optional<int> latestFrom, earliestTo;
    for (std::size_t a = 0; a < group.size; ++a) {
        const std::size_t i = group.member[a];
        const Listing* l = listing(i);
        const ListingRole role = l ? l->role : ListingRole::Open;
        provider = provider || role != ListingRole::Seek;
        seeker = seeker || role != ListingRole::Offer;
        if (!l) continue;
        const std::string& who = councils[i].name;
        const std::size_t partners = group.size - 1u;
        if (l->maxPartners && partners > static_cast<std::size_t>(*l->maxPartners))
            return who + " takes at most " + std::to_string(*l->maxPartners) + " partners";
        for (std::size_t b = 0; b < group.size; ++b) {
            const std::size_t j = group.member[b];
            if (j == i) continue;
            if (l->maxDistanceKm && valuer_->distanceKm(i, j) > *l->maxDistanceKm)
                return councils[j].name + " is further from " + who + " than its listing's maximum distance";
            if (l->sameCountyOnly && !valuer_->inCountyOf(i, j))
                return councils[j].name + " is outside " + who + "'s county";
            if (std::binary_search(l->excluded.begin(), l->excluded.end(), councils[j].gss))
                return who + " excludes " + councils[j].name;
        }
        if (l->startFrom) latestFrom = std::max(latestFrom.value_or(*l->startFrom), *l->startFrom);
        if (l->startTo) earliestTo = std::min(earliestTo.value_or(*l->startTo), *l->startTo);
    }
    if (latestFrom && earliestTo && *latestFrom > *earliestTo) return std::string("the members' start windows do not overlap");
    if (active_ && !provider) return std::string("no member offers the service");
    if (active_ && !seeker) return std::string("no member seeks the service");
    return std::nullopt;
}

}  // namespace itsb::market
