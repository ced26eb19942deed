#include "itsb/market/match.hpp"

#include "itsb/market/coalition.hpp"
#include "itsb/market/set_packing.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace itsb::market {

std::vector<std::string> regions(const CouncilData& data) {
    std::set<std::string> names;
    for (const auto& c : data.councils()) names.insert(c.region);
    return {names.begin(), names.end()};
}

namespace {

// 317 councils fit in 9 bits: a group of up to six is one 54-bit key.
std::uint64_t keyOf(const std::vector<std::size_t>& sortedMembers) {
    std::uint64_t key = 0;
    for (std::size_t m : sortedMembers) key = (key << 9) | (static_cast<std::uint64_t>(m) + 1);
    return key;
}

// best[mask] = the most the members in `mask` (bit k for members[k]) can make as disjoint
// candidate groups of two or more, each worth its weight in `weights` (members not in a group
// make nothing). The whole group's own weight is not used: best[full] is the best partition of
// all the members into smaller groups. Subset dynamic programme: the lowest member of a mask is
// alone or in one of the mask's groups, O(3^n) for n members.
std::vector<double> packingValues(const std::vector<std::size_t>& members,
                                  const std::unordered_map<std::uint64_t, double>& weights) {
    const std::size_t n = members.size();
    const std::uint32_t full = (1u << n) - 1u;
    std::vector<double> direct(full + 1u, 0.0), best(full + 1u, 0.0);
    for (std::uint32_t mask = 1; mask < full; ++mask) {
        if (std::popcount(mask) < 2) continue;
        std::vector<std::size_t> sub;
        for (std::size_t k = 0; k < n; ++k)
            if (mask & (1u << k)) sub.push_back(members[k]);
        const auto found = weights.find(keyOf(sub));
        if (found != weights.end()) direct[mask] = std::max(0.0, found->second);
    }
    for (std::uint32_t mask = 1; mask <= full; ++mask) {
        const std::uint32_t lowest = mask & (~mask + 1u);
        double value = best[mask & ~lowest];  // the lowest member on its own
        for (std::uint32_t sub = mask; sub != 0; sub = (sub - 1u) & mask)
            if ((sub & lowest) && direct[sub] > 0.0) value = std::max(value, direct[sub] + best[mask & ~sub]);
        best[mask] = value;
    }
    return best;
}

class Payoffs {
  public:
    Payoffs(ShareRule rule, const GroupValuer& valuer, const std::unordered_map<std::uint64_t, double>& weights)
        : rule_(rule), valuer_(valuer), weights_(weights) {}

    //! Each member's part of `weight` (members ascending).
    std::vector<double> operator()(const std::vector<std::size_t>& members, double weight) const {
        const std::size_t n = members.size();
        std::vector<double> out(n, 0.0);
        switch (rule_) {
        case ShareRule::Equal:
            std::fill(out.begin(), out.end(), weight / static_cast<double>(n));
            return out;
        case ShareRule::Spend: {
            double total = 0.0;
            for (std::size_t m : members) total += valuer_.data().addressableSpend(m, valuer_.service());
            for (std::size_t k = 0; k < n; ++k)
                out[k] = total > 0.0 ? weight * valuer_.data().addressableSpend(members[k], valuer_.service()) / total
                                     : weight / static_cast<double>(n);
            return out;
        }
        case ShareRule::Shapley:
        case ShareRule::Nucleolus: break;
        }
        // A sub-group is worth the best packing of its members into candidate groups (what its
        // members could do without the others); the whole group is worth `weight`.
        auto best = packingValues(members, weights_);
        best.back() = weight;
        return shapley(Game{n, best});
    }

  private:
    ShareRule rule_;
    const GroupValuer& valuer_;
    const std::unordered_map<std::uint64_t, double>& weights_;
};

}  // namespace

MatchResult match(const CouncilData& data, const std::vector<Listing>& listings, const MatchOptions& options) {
    if (options.maxSize < 2 || options.maxSize > 6) throw std::invalid_argument("the largest group must be 2 to 6 councils");
    if (options.shares == ShareRule::Nucleolus)
        throw std::invalid_argument("match's stability check splits by equal, spend or shapley shares");
    GroupValuer valuer(data, options.service);
    const ListingRules rules(valuer, listings);
    const std::size_t n = data.councils().size();
    for (std::size_t i = 0; i < n; ++i) valuer.setWeights(i, rules.weights(i));

    MatchResult result;
    result.service = options.service;
    result.maxSize = options.maxSize;
    result.region = options.region;
    result.priced = options.priced;
    result.shares = options.shares;
    result.listingsActive = rules.active();

    auto eligible = rules.eligible();
    if (options.region) {
        const auto names = regions(data);
        if (!std::binary_search(names.begin(), names.end(), *options.region))
            throw std::invalid_argument("unknown region \"" + *options.region + "\"");
        for (std::size_t i = 0; i < n; ++i) eligible[i] = eligible[i] && data.councils()[i].region == *options.region;
    }
    result.councils = static_cast<std::size_t>(std::count(eligible.begin(), eligible.end(), true));

    const auto groups = connectedGroups(data, eligible, 2, options.maxSize);
    result.candidates = groups.size();
    std::vector<const Group*> allowed;
    for (const auto& g : groups) {
        if (rules.excludes(g))
            ++result.ruledOut;
        else
            allowed.push_back(&g);
    }
    if (options.priced && allowed.size() > options.pricedLimit)
        throw std::invalid_argument("--priced prices every candidate through the engine: " + std::to_string(allowed.size()) +
                                    " candidates is more than " + std::to_string(options.pricedLimit) +
                                    "; narrow it with --region or --max-size");

    PackingProblem problem;
    problem.elements = n;
    std::unordered_map<std::uint64_t, double> weightOf;
    weightOf.reserve(allowed.size());
    std::vector<std::optional<GroupPrice>> prices(allowed.size());
    for (std::size_t k = 0; k < allowed.size(); ++k) {
        const auto members = allowed[k]->members();
        double weight = 0.0;
        if (options.priced) {
            prices[k] = priceGroup(data, members, options.service, options.pricing);
            weight = prices[k]->npvAfterFinancing;
            if (options.progress) options.progress(static_cast<long long>(k + 1), static_cast<long long>(allowed.size()));
        } else {
            weight = valuer.value(members).score;
        }
        weightOf.emplace(keyOf(members), weight);
        problem.sets.push_back(members);
        problem.weights.push_back(weight);
    }
    result.packed = static_cast<std::size_t>(
        std::count_if(problem.weights.begin(), problem.weights.end(), [](double w) { return w > 0.0; }));
    // Dominance, an exact reduction: a group worth no more than the best split of its members
    // into smaller candidates is never needed (swap it for the split and no packing is worse),
    // so the solver does without it. Of England's 1.27 million groups of 2 to 4 for the back
    // office, about three in four go this way.
    PackingProblem reduced;
    reduced.elements = n;
    std::vector<std::size_t> original;
    for (std::size_t k = 0; k < problem.sets.size(); ++k) {
        if (problem.weights[k] <= 0.0) continue;
        if (problem.sets[k].size() > 2 && problem.weights[k] <= packingValues(problem.sets[k], weightOf).back()) {
            ++result.dominated;
            continue;
        }
        reduced.sets.push_back(problem.sets[k]);
        reduced.weights.push_back(problem.weights[k]);
        original.push_back(k);
    }
    PackingOptions packingOptions;
    packingOptions.maxSeconds = options.maxSeconds;
    auto solution = solveSetPacking(reduced, packingOptions);
    for (auto& k : solution.chosen) k = original[k];
    result.objective = solution.objective;
    result.bound = solution.bound;
    result.gap = solution.gap;
    result.proven = solution.proven;
    result.seconds = solution.seconds;

    const Payoffs payoffs(options.shares, valuer, weightOf);
    std::vector<double> current(n, 0.0);
    std::vector<bool> matched(n, false);
    for (std::size_t k : solution.chosen) {
        Consortium c;
        c.members = problem.sets[k];
        c.value = valuer.value(c.members);
        c.price = prices[k];
        c.weight = problem.weights[k];
        c.payoffs = payoffs(c.members, c.weight);
        for (std::size_t m = 0; m < c.members.size(); ++m) {
            current[c.members[m]] = c.payoffs[m];
            matched[c.members[m]] = true;
        }
        result.consortia.push_back(std::move(c));
    }
    std::sort(result.consortia.begin(), result.consortia.end(), [](const Consortium& a, const Consortium& b) {
        if (a.weight != b.weight) return a.weight > b.weight;
        return a.members < b.members;
    });
    for (std::size_t i = 0; i < n; ++i)
        if (eligible[i] && !matched[i]) result.unmatched.push_back(i);

    // Stability: a candidate whose every member would get strictly more (by over a pound) than now.
    constexpr double kTolerance = 1.0;
    for (std::size_t k = 0; k < problem.sets.size(); ++k) {
        if (problem.weights[k] <= 0.0) continue;
        const auto& members = problem.sets[k];
        bool allGain = true;
        // A quick test first: under equal and spend shares nobody gets more than the whole weight.
        if (options.shares != ShareRule::Shapley)
            for (std::size_t m : members) allGain = allGain && problem.weights[k] > current[m];
        if (!allGain) continue;
        const auto together = payoffs(members, problem.weights[k]);
        for (std::size_t m = 0; m < members.size() && allGain; ++m) allGain = together[m] > current[members[m]] + kTolerance;
        if (!allGain) continue;
        ++result.blockingCount;
        BlockingCoalition b{members, problem.weights[k], together, {}};
        for (std::size_t m : members) b.current.push_back(current[m]);
        result.blocking.push_back(std::move(b));
        std::sort(result.blocking.begin(), result.blocking.end(), [](const auto& x, const auto& y) {
            if (x.weight != y.weight) return x.weight > y.weight;
            return x.members < y.members;
        });
        if (result.blocking.size() > 10) result.blocking.pop_back();
    }
    return result;
}

}  // namespace itsb::market
