// The market place's solvers: set packing (CBC) checked against an enumeration of every
// partition, and the share rules (Shapley value, nucleolus, core) checked against hand
// calculations, published examples and the rules' defining properties.
//
// Random instances come from std::mt19937 with explicit seeds; numbers are made from the raw
// engine output here, because std::uniform_*_distribution differs between standard libraries.

#include "itsb/market/coalition.hpp"
#include "itsb/market/set_packing.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace packing_test {

using itsb::market::CoreViolation;
using itsb::market::Game;
using itsb::market::PackingOptions;
using itsb::market::PackingProblem;
using itsb::market::PackingSolution;
using Mask = std::uint32_t;

// Numbers from the raw engine output.
class Draws {
public:
    explicit Draws(std::uint32_t seed) : engine_(seed) {}
    double unit() { return static_cast<double>(engine_()) / 4294967296.0; }  // [0, 1)
    double between(double low, double high) { return low + (high - low) * unit(); }
    std::uint32_t below(std::uint32_t count) { return static_cast<std::uint32_t>(engine_() % count); }

private:
    std::mt19937 engine_;
};

// --- Set packing ----------------------------------------------------------------------------

// The best packing by enumerating every partition of the elements (restricted growth: element k
// joins one of the blocks so far or opens a new one). A partition scores the weights of its
// blocks that are candidate sets (the best, if a block is listed twice); other blocks, and
// single elements, score 0 (they are councils left alone).
struct Enumeration {
    double best = -std::numeric_limits<double>::infinity();
    std::size_t partitions = 0;
};

void enumeratePartitions(std::size_t next, std::size_t elements, std::vector<Mask>& blocks,
                         const std::vector<double>& blockScore, Enumeration& result) {
    if (next == elements) {
        double score = 0.0;
        for (Mask block : blocks)
            score += blockScore[block];
        result.best = std::max(result.best, score);
        ++result.partitions;
        return;
    }
    const Mask bit = Mask{1} << next;
    // By index: the recursion grows `blocks`, which would invalidate a reference into it.
    const std::size_t existing = blocks.size();
    for (std::size_t b = 0; b < existing; ++b) {
        blocks[b] |= bit;
        enumeratePartitions(next + 1, elements, blocks, blockScore, result);
        blocks[b] &= ~bit;
    }
    blocks.push_back(bit);
    enumeratePartitions(next + 1, elements, blocks, blockScore, result);
    blocks.pop_back();
}

Enumeration bestByEveryPartition(const PackingProblem& problem) {
    std::vector<double> blockScore(std::size_t{1} << problem.elements, 0.0);
    std::vector<bool> listed(blockScore.size(), false);
    for (std::size_t s = 0; s < problem.sets.size(); ++s) {
        Mask block = 0;
        for (std::size_t e : problem.sets[s])
            block |= Mask{1} << e;
        blockScore[block] = listed[block] ? std::max(blockScore[block], problem.weights[s]) : problem.weights[s];
        listed[block] = true;
    }
    Enumeration result;
    std::vector<Mask> blocks;
    enumeratePartitions(0, problem.elements, blocks, blockScore, result);
    return result;
}

// Bell numbers B_0..B_12 (OEIS A000110): how many partitions the enumeration must visit.
constexpr std::size_t bell[] = {1, 1, 2, 5, 15, 52, 203, 877, 4140, 21147, 115975, 678570, 4213597};

bool connectedIn(Mask members, const std::vector<Mask>& neighbours) {
    Mask reached = members & (~members + 1);  // the lowest member
    for (Mask frontier = reached; frontier != 0;) {
        Mask next = 0;
        for (std::size_t v = 0; v < neighbours.size(); ++v)
            if (frontier & (Mask{1} << v))
                next |= neighbours[v] & members & ~reached;
        reached |= next;
        frontier = next;
    }
    return reached == members;
}

// Elements on a random graph; candidates are its connected groups of 2 to 4 (as `match` makes
// them), plus, in odd instances, a few random groups that need not be connected (some repeat a
// connected one with another weight). Weights run from -3 to 10, so some candidates are losses.
PackingProblem randomInstance(std::size_t elements, std::uint32_t seed) {
    Draws draws(seed);
    PackingProblem problem;
    problem.elements = elements;
    const double density = draws.between(0.2, 0.6);
    std::vector<Mask> neighbours(elements, 0);
    for (std::size_t a = 0; a < elements; ++a)
        for (std::size_t b = a + 1; b < elements; ++b)
            if (draws.unit() < density) {
                neighbours[a] |= Mask{1} << b;
                neighbours[b] |= Mask{1} << a;
            }
    auto add = [&](Mask members) {
        std::vector<std::size_t> set;
        for (std::size_t e = 0; e < elements; ++e)
            if (members & (Mask{1} << e))
                set.push_back(e);
        if (draws.below(2) == 1)
            std::reverse(set.begin(), set.end());  // order within a set must not matter
        problem.sets.push_back(set);
        problem.weights.push_back(draws.between(-3.0, 10.0));
    };
    for (Mask members = 1; members < (Mask{1} << elements); ++members) {
        const int size = std::popcount(members);
        if (size >= 2 && size <= 4 && connectedIn(members, neighbours))
            add(members);
    }
    if (seed % 2 == 1)
        for (int extra = 0; extra < 12; ++extra) {
            Mask members = 0;
            const int size = 2 + static_cast<int>(draws.below(3));
            while (std::popcount(members) < size)
                members |= Mask{1} << draws.below(static_cast<std::uint32_t>(elements));
            add(members);
        }
    return problem;
}

// The answer is a packing: ascending, in range, disjoint, only sets worth something, and the
// objective is the sum of their weights.
void checkIsPacking(const PackingProblem& problem, const PackingSolution& solution) {
    CHECK(std::is_sorted(solution.chosen.begin(), solution.chosen.end()));
    std::vector<bool> used(problem.elements, false);
    double total = 0.0;
    for (std::size_t s : solution.chosen) {
        REQUIRE(s < problem.sets.size());
        CHECK(problem.weights[s] > 0.0);
        CHECK_FALSE(problem.sets[s].empty());
        for (std::size_t e : problem.sets[s]) {
            CHECK_FALSE(used[e]);
            used[e] = true;
        }
        total += problem.weights[s];
    }
    CHECK(std::abs(total - solution.objective) < 1e-9);
    CHECK(solution.bound >= solution.objective);
}

TEST_CASE("market packing: CBC equals an enumeration of every partition on 28 random instances") {
    for (std::uint32_t instance = 0; instance < 28; ++instance) {
        const std::size_t elements = 6 + instance % 7;  // 6..12, four instances of each
        const PackingProblem problem = randomInstance(elements, 1301 + instance);
        INFO("instance " << instance << ": " << elements << " elements, " << problem.sets.size() << " sets");
        const Enumeration exhaustive = bestByEveryPartition(problem);
        CHECK(exhaustive.partitions == bell[elements]);

        // With and without the "together" variables CBC branches on: the same optimum.
        for (const bool pairs : {true, false}) {
            INFO("together variables " << pairs);
            itsb::market::PackingOptions options;
            options.pairBranching = pairs;
            const PackingSolution solution = itsb::market::solveSetPacking(problem, options);
            checkIsPacking(problem, solution);
            CHECK(std::abs(solution.objective - exhaustive.best) < 1e-6);
            CHECK(solution.proven);
            CHECK(solution.gap == 0.0);
            CHECK(solution.bound == solution.objective);
            CHECK(solution.seconds >= 0.0);
        }
    }
}

TEST_CASE("market packing: a hand instance") {
    // Four councils in a ring 0-1-2-3-0 and the whole ring. Pairs: {0,1} 3, {1,2} 5, {2,3} 4,
    // {0,3} 1; the ring 7.5. Disjoint pairs: {0,1}+{2,3} = 7, {1,2}+{0,3} = 6; the ring alone
    // 7.5 beats both, so the answer is set 4 with 7.5.
    PackingProblem problem{4, {{0, 1}, {1, 2}, {2, 3}, {0, 3}, {0, 1, 2, 3}}, {3, 5, 4, 1, 7.5}};
    PackingSolution solution = itsb::market::solveSetPacking(problem);
    CHECK(solution.chosen == std::vector<std::size_t>{4});
    CHECK(solution.objective == 7.5);
    CHECK(solution.proven);
    // At 6.5 the ring loses to {0,1}+{2,3} = 7.
    problem.weights[4] = 6.5;
    solution = itsb::market::solveSetPacking(problem);
    CHECK(solution.chosen == std::vector<std::size_t>{0, 2});
    CHECK(solution.objective == 7.0);
}

TEST_CASE("market packing: sets worth nothing, empty sets and empty problems are never chosen") {
    // Nothing to pack: the empty packing, proven, without calling the solver.
    PackingSolution solution = itsb::market::solveSetPacking(PackingProblem{});
    CHECK(solution.chosen.empty());
    CHECK(solution.objective == 0.0);
    CHECK(solution.bound == 0.0);
    CHECK(solution.proven);

    // Only losses, a zero and an empty set: still the empty packing.
    solution = itsb::market::solveSetPacking(PackingProblem{3, {{0, 1}, {1, 2}, {}, {0, 2}}, {-1.0, 0.0, 5.0, -0.5}});
    CHECK(solution.chosen.empty());
    CHECK(solution.objective == 0.0);
    CHECK(solution.proven);
    CHECK(solution.gap == 0.0);

    // One positive set among them; the elements no set uses (3, 4) need no row.
    solution = itsb::market::solveSetPacking(PackingProblem{5, {{0, 1}, {1, 2}, {}, {0, 2}}, {-1.0, 0.0, 5.0, 0.25}});
    CHECK(solution.chosen == std::vector<std::size_t>{3});
    CHECK(solution.objective == 0.25);
    CHECK(solution.proven);
}

TEST_CASE("market packing: a few thousand random sets") {
    // No exhaustive answer at this size; the checks are the certificate's other parts: the
    // answer is a packing, it is at least the greedy packing's value, and it is at most the
    // dual bound sum_e max over sets S containing e of w_S / |S| (y_e so defined satisfies
    // sum_{e in S} y_e >= w_S for every S, so it bounds the LP and the packing).
    Draws draws(4242);
    PackingProblem problem;
    problem.elements = 40;
    for (int s = 0; s < 2500; ++s) {
        std::vector<std::size_t> set;
        const std::size_t size = 2 + draws.below(3);
        while (set.size() < size) {
            const std::size_t e = draws.below(40);
            if (std::find(set.begin(), set.end(), e) == set.end())
                set.push_back(e);
        }
        problem.sets.push_back(set);
        problem.weights.push_back(draws.between(-2.0, 10.0) * static_cast<double>(size));
    }
    const PackingSolution solution = itsb::market::solveSetPacking(problem);
    checkIsPacking(problem, solution);
    CHECK(solution.proven);
    CHECK(solution.gap == 0.0);

    std::vector<std::size_t> order(problem.sets.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return problem.weights[a] > problem.weights[b]; });
    std::vector<bool> used(problem.elements, false);
    double greedy = 0.0;
    for (std::size_t s : order) {
        if (problem.weights[s] <= 0.0 || std::any_of(problem.sets[s].begin(), problem.sets[s].end(),
                                                     [&](std::size_t e) { return used[e]; }))
            continue;
        for (std::size_t e : problem.sets[s])
            used[e] = true;
        greedy += problem.weights[s];
    }
    std::vector<double> price(problem.elements, 0.0);
    for (std::size_t s = 0; s < problem.sets.size(); ++s)
        for (std::size_t e : problem.sets[s])
            price[e] = std::max(price[e], problem.weights[s] / static_cast<double>(problem.sets[s].size()));
    const double dualBound = std::accumulate(price.begin(), price.end(), 0.0);
    CHECK(solution.objective >= greedy - 1e-9);
    CHECK(solution.objective <= dualBound + 1e-9);

    // The same answer every time.
    CHECK(itsb::market::solveSetPacking(problem).chosen == solution.chosen);
}

std::string packingError(const PackingProblem& problem, const PackingOptions& options = {}) {
    try {
        itsb::market::solveSetPacking(problem, options);
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "no error";
}

TEST_CASE("market packing: bad problems are refused with every reason") {
    CHECK(packingError({3, {{0, 3}}, {1.0}}) == "set packing: set 0 lists element 3, but the elements are 0..2");
    CHECK(packingError({0, {{0}}, {1.0}}) == "set packing: set 0 lists element 0, but there are no elements");
    CHECK(packingError({3, {{0, 1}, {2, 1, 2}}, {1.0, 2.0}}) == "set packing: set 1 lists element 2 twice");
    CHECK(packingError({3, {{0, 1}, {1, 2}}, {1.0}}) == "set packing: there are 2 sets but 1 weights");
    CHECK(packingError({3, {{0, 1}}, {std::numeric_limits<double>::quiet_NaN()}}) ==
          "set packing: set 0 has a weight that is not a finite number");
    CHECK(packingError({3, {{0, 1}}, {std::numeric_limits<double>::infinity()}}) ==
          "set packing: set 0 has a weight that is not a finite number");
    CHECK(packingError({3, {{0, 1}}, {1.0}}, PackingOptions{0.0}) ==
          "set packing: maxSeconds must be a positive number of seconds");
    CHECK(packingError({3, {{0, 1}}, {1.0}}, PackingOptions{std::numeric_limits<double>::quiet_NaN()}) ==
          "set packing: maxSeconds must be a positive number of seconds");
    // All problems at once.
    CHECK(packingError({2, {{0, 0}, {5}}, {1.0}}) ==
          "set packing: there are 2 sets but 1 weights; set 0 lists element 0 twice; "
          "set 1 lists element 5, but the elements are 0..1");
    // A long list is cut at ten.
    PackingProblem many{1, {}, {}};
    for (int s = 0; s < 13; ++s) {
        many.sets.push_back({1});
        many.weights.push_back(1.0);
    }
    const std::string message = packingError(many);
    CHECK(message.find("set 9 lists element 1") != std::string::npos);
    CHECK(message.find("set 10 lists") == std::string::npos);
    const std::string tail = "; and 3 more problems";
    CHECK(message.size() > tail.size());
    CHECK(message.compare(message.size() - tail.size(), tail.size(), tail) == 0);
}

// --- Share rules ----------------------------------------------------------------------------

// A game from its values listed by mask: value[0] = 0, value[1] = v({1}), value[2] = v({2}),
// value[3] = v({1,2}), value[4] = v({3}), ...
Game gameOf(std::size_t players, std::vector<double> value) { return Game{players, std::move(value)}; }

void checkShares(const std::vector<double>& actual, const std::vector<double>& expected, double tolerance) {
    REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("player " << i << ": " << actual[i] << " expected " << expected[i]);
        CHECK(std::abs(actual[i] - expected[i]) <= tolerance);
    }
}

double largestValue(const Game& game) {
    double largest = 1.0;
    for (double v : game.value)
        largest = std::max(largest, std::abs(v));
    return largest;
}

double sumOf(const std::vector<double>& shares) { return std::accumulate(shares.begin(), shares.end(), 0.0); }

// The 3-council game used by several cases: v1 = 10, v2 = 20, v3 = 30, v12 = 50, v13 = 60,
// v23 = 70, v123 = 120.
Game handGame() { return gameOf(3, {0, 10, 20, 50, 30, 60, 70, 120}); }

TEST_CASE("market coalition: shapley of a 3-council game by hand") {
    // Marginal contributions in the 6 orders in which the group can form:
    //   order  player 1           player 2           player 3
    //   1 2 3  v1 = 10            v12-v1 = 40        v123-v12 = 70
    //   1 3 2  10                 v123-v13 = 60      v13-v1 = 50
    //   2 1 3  v12-v2 = 30        20                 70
    //   2 3 1  v123-v23 = 50      20                 v23-v2 = 50
    //   3 1 2  v13-v3 = 30        60                 30
    //   3 2 1  50                 v23-v3 = 40        30
    //   sum    180                240                300      -> / 6 = 30, 40, 50 (total 120)
    checkShares(itsb::market::shapley(handGame()), {30, 40, 50}, 1e-12);
}

TEST_CASE("market coalition: shapley of the glove game and the majority game") {
    // Glove game (e.g. Wikipedia "Shapley value", glove game; Osborne and Rubinstein 1994,
    // section 14.4): player 1 holds a left glove, 2 and 3 a right one; a pair is worth 1.
    // v(S) = 1 if S contains player 1 and player 2 or 3. Published Shapley value (2/3, 1/6, 1/6).
    const Game glove = gameOf(3, {0, 0, 0, 1, 0, 1, 0, 1});
    checkShares(itsb::market::shapley(glove), {2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0}, 1e-12);
    // Three-player majority game: any two win. Symmetric, so 1/3 each.
    const Game majority = gameOf(3, {0, 0, 0, 1, 0, 1, 1, 1});
    checkShares(itsb::market::shapley(majority), {1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0}, 1e-12);
    // One player takes v(N).
    checkShares(itsb::market::shapley(gameOf(1, {0, 7.5})), {7.5}, 0.0);
    checkShares(itsb::market::nucleolus(gameOf(1, {0, -2.5})), {-2.5}, 0.0);
}

Game randomGame(std::size_t players, Draws& draws) {
    Game game{players, std::vector<double>(std::size_t{1} << players, 0.0)};
    for (std::size_t mask = 1; mask < game.value.size(); ++mask)
        game.value[mask] = draws.between(-1e6, 4e6);
    return game;
}

// The definition: the average over all n! orders of each player's marginal contribution.
std::vector<double> shapleyByOrders(const Game& game) {
    std::vector<std::size_t> order(game.players);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::vector<double> total(game.players, 0.0);
    double orders = 0.0;
    do {
        Mask before = 0;
        for (std::size_t player : order) {
            const Mask after = before | (Mask{1} << player);
            total[player] += game.value[after] - game.value[before];
            before = after;
        }
        orders += 1.0;
    } while (std::next_permutation(order.begin(), order.end()));
    for (double& share : total)
        share /= orders;
    return total;
}

Mask swapPlayers(Mask members, std::size_t a, std::size_t b) {
    const bool hasA = members & (Mask{1} << a);
    const bool hasB = members & (Mask{1} << b);
    members &= ~((Mask{1} << a) | (Mask{1} << b));
    return members | (hasA ? Mask{1} << b : 0) | (hasB ? Mask{1} << a : 0);
}

TEST_CASE("market coalition: shapley axioms on random 5- and 6-council games") {
    Draws draws(77);
    for (std::size_t players : {5u, 6u}) {
        for (int trial = 0; trial < 4; ++trial) {
            const Game game = randomGame(players, draws);
            const double tolerance = 1e-9 * largestValue(game);
            const std::vector<double> phi = itsb::market::shapley(game);
            // The formula over sub-groups equals the average over all orders.
            checkShares(phi, shapleyByOrders(game), tolerance);
            // Efficiency.
            CHECK(std::abs(sumOf(phi) - game.value.back()) < tolerance);
            // Symmetry: players 0 and 1 made interchangeable get equal shares.
            Game symmetric = game;
            for (Mask m = 0; m < symmetric.value.size(); ++m)
                symmetric.value[m] = game.value[m] + game.value[swapPlayers(m, 0, 1)];
            const std::vector<double> phiSymmetric = itsb::market::shapley(symmetric);
            CHECK(std::abs(phiSymmetric[0] - phiSymmetric[1]) < 2 * tolerance);
            // Additivity: phi(v + w) = phi(v) + phi(w), with w the game with 0 and 1 swapped.
            const std::vector<double>& phiSum = phiSymmetric;
            const std::vector<double> phiSwapped = itsb::market::shapley(
                [&] {
                    Game swapped = game;
                    for (Mask m = 0; m < swapped.value.size(); ++m)
                        swapped.value[m] = game.value[swapPlayers(m, 0, 1)];
                    return swapped;
                }());
            for (std::size_t i = 0; i < players; ++i)
                CHECK(std::abs(phiSum[i] - (phi[i] + phiSwapped[i])) < 2 * tolerance);
            // Dummy: the last player adds exactly c to any group, gets c, and the others keep
            // their shares of the game without it.
            const double c = draws.between(-1e5, 1e5);
            const Mask last = Mask{1} << (players - 1);
            Game smaller{players - 1, std::vector<double>(game.value.begin(), game.value.begin() + (1 << (players - 1)))};
            Game withDummy = game;
            for (Mask m = 0; m < last; ++m)
                withDummy.value[m | last] = game.value[m] + c;
            const std::vector<double> phiDummy = itsb::market::shapley(withDummy);
            CHECK(std::abs(phiDummy.back() - c) < tolerance);
            const std::vector<double> phiSmaller = itsb::market::shapley(smaller);
            for (std::size_t i = 0; i + 1 < players; ++i)
                CHECK(std::abs(phiDummy[i] - phiSmaller[i]) < tolerance);
        }
    }
}

// --- Nucleolus ------------------------------------------------------------------------------

// Bankruptcy game (O'Neill 1982): an estate E and claims d_i; a group gets what the others'
// claims leave, v(S) = max(0, E - d(N \ S)).
Game bankruptcyGame(const std::vector<double>& claims, double estate) {
    const std::size_t players = claims.size();
    Game game{players, std::vector<double>(std::size_t{1} << players, 0.0)};
    for (Mask m = 1; m < game.value.size(); ++m) {
        double others = 0.0;
        for (std::size_t i = 0; i < players; ++i)
            if (!(m & (Mask{1} << i)))
                others += claims[i];
        game.value[m] = std::max(0.0, estate - others);
    }
    return game;
}

// Constrained equal awards: amount shared as min(cap_i, lambda), lambda chosen to use it all.
std::vector<double> equalAwards(const std::vector<double>& caps, double amount) {
    std::vector<std::size_t> order(caps.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return caps[a] < caps[b]; });
    std::vector<double> award(caps.size(), 0.0);
    double left = amount;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const double even = left / static_cast<double>(order.size() - k);
        if (caps[order[k]] <= even) {
            award[order[k]] = caps[order[k]];
            left -= caps[order[k]];
        } else {
            for (std::size_t rest = k; rest < order.size(); ++rest)
                award[order[rest]] = even;
            break;
        }
    }
    return award;
}

// The Talmud rule (Aumann and Maschler 1985, "Game theoretic analysis of a bankruptcy problem
// from the Talmud", Journal of Economic Theory 36): with half the total claims or less, equal
// awards capped at half of each claim; above it, each gets half its claim and the loss is
// shared as equal losses capped at half of each claim. Their theorem: it is the nucleolus of
// the bankruptcy game.
std::vector<double> talmudRule(const std::vector<double>& claims, double estate) {
    const double total = sumOf(claims);
    std::vector<double> halves(claims.size());
    std::transform(claims.begin(), claims.end(), halves.begin(), [](double d) { return d / 2.0; });
    if (estate <= total / 2.0)
        return equalAwards(halves, estate);
    const std::vector<double> losses = equalAwards(halves, total - estate);
    std::vector<double> shares(claims.size());
    for (std::size_t i = 0; i < claims.size(); ++i)
        shares[i] = claims[i] - losses[i];
    return shares;
}

TEST_CASE("market coalition: nucleolus of the Talmud's estates (Aumann and Maschler 1985)") {
    // Mishnah Ketubot 93a: three widows with claims 100, 200, 300 on estates of 100, 200 and 300
    // receive (33 1/3, 33 1/3, 33 1/3), (50, 75, 75) and (50, 100, 150); Aumann and Maschler
    // show these are the nucleoli. By hand for the estate of 200: v(23) = 100, v(N) = 200, all
    // other v = 0. The excesses of {1} and {2,3} sum to v(N) - v(1) - v(23) = 100, so the
    // smallest is at most 50, reached only at x1 = 50. Then x2 + x3 = 150 and the next
    // smallest, min(x2, x3) (e12 = 50 + x2 and e13 = 50 + x3 are larger), is largest at 75, 75.
    const std::vector<double> claims{100, 200, 300};
    checkShares(itsb::market::nucleolus(bankruptcyGame(claims, 100)), {100.0 / 3, 100.0 / 3, 100.0 / 3}, 1e-7);
    checkShares(itsb::market::nucleolus(bankruptcyGame(claims, 200)), {50, 75, 75}, 1e-7);
    checkShares(itsb::market::nucleolus(bankruptcyGame(claims, 300)), {50, 100, 150}, 1e-7);
}

TEST_CASE("market coalition: nucleolus equals the Talmud rule on random bankruptcies of 4 to 6 councils") {
    Draws draws(2024);
    for (int trial = 0; trial < 12; ++trial) {
        const std::size_t players = 4 + static_cast<std::size_t>(trial % 3);
        std::vector<double> claims(players);
        for (double& claim : claims)
            claim = 1e5 * std::round(draws.between(1.0, 60.0));  // round sums make ties, the hard case
        const double estate = draws.between(0.05, 0.95) * sumOf(claims);
        INFO("trial " << trial);
        // To the penny on sums of up to £36m.
        checkShares(itsb::market::nucleolus(bankruptcyGame(claims, estate)), talmudRule(claims, estate), 0.005);
    }
}

TEST_CASE("market coalition: nucleolus of hand, glove, majority and 2-council games") {
    // Hand game: at (30, 40, 50) every excess is 20 (e1 = 30-10, e2 = 40-20, e3 = 50-30,
    // e12 = 70-50, e13 = 80-60, e23 = 90-70). The excesses of {i} and N \ {i} sum to 120 - v(i) -
    // v(N \ i) = 40 for each i, so no allocation has a smallest excess above 20, and any other
    // allocation lowers one of them: (30, 40, 50) is the nucleolus.
    checkShares(itsb::market::nucleolus(handGame()), {30, 40, 50}, 1e-9);
    // Glove game: the core is the single point (1, 0, 0) (x1 + x2 >= 1 and x1 + x3 >= 1 with
    // x1 + x2 + x3 = 1 leave x2, x3 <= 0, and x2, x3 >= 0); the nucleolus lies in a non-empty
    // core (Schmeidler 1969), so it is (1, 0, 0).
    checkShares(itsb::market::nucleolus(gameOf(3, {0, 0, 0, 1, 0, 1, 0, 1})), {1, 0, 0}, 1e-9);
    // Majority game: symmetric, and the nucleolus is unique, so 1/3 each.
    checkShares(itsb::market::nucleolus(gameOf(3, {0, 0, 0, 1, 0, 1, 1, 1})), {1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-9);
    // Two councils: each gets its own value and half the surplus, x1 = v1 + (v12 - v1 - v2) / 2
    // (the standard solution; both excesses equal (v12 - v1 - v2) / 2).
    Draws draws(12);
    for (int trial = 0; trial < 10; ++trial) {
        const double v1 = draws.between(-1e6, 1e6);
        const double v2 = draws.between(-1e6, 1e6);
        const double v12 = draws.between(-1e6, 3e6);
        const double surplus = v12 - v1 - v2;
        checkShares(itsb::market::nucleolus(gameOf(2, {0, v1, v2, v12})), {v1 + surplus / 2, v2 + surplus / 2}, 0.005);
    }
}

// A game whose core holds `inside`: every group is worth at most what `inside` gives it.
Game gameWithCore(std::size_t players, Draws& draws, std::vector<double>& inside) {
    inside.resize(players);
    for (double& share : inside)
        share = draws.between(-1e6, 3e6);
    Game game{players, std::vector<double>(std::size_t{1} << players, 0.0)};
    const Mask all = static_cast<Mask>(game.value.size() - 1);
    for (Mask m = 1; m <= all; ++m) {
        double share = 0.0;
        for (std::size_t i = 0; i < players; ++i)
            if (m & (Mask{1} << i))
                share += inside[i];
        // Some groups are tight, most fall short of their share by up to £1m.
        game.value[m] = (m == all || draws.below(4) == 0) ? share : share - draws.between(0.0, 1e6);
    }
    return game;
}

// A convex (supermodular) game: v(S) = a(S)^2 + b(S) with a >= 0 (a square of a non-negative
// additive function is supermodular). Shapley (1971): its core is non-empty and holds the
// Shapley value.
Game convexGame(std::size_t players, Draws& draws) {
    std::vector<double> a(players);
    std::vector<double> b(players);
    for (std::size_t i = 0; i < players; ++i) {
        a[i] = draws.between(0.0, 1e3);
        b[i] = draws.between(-1e6, 1e6);
    }
    Game game{players, std::vector<double>(std::size_t{1} << players, 0.0)};
    for (Mask m = 1; m < game.value.size(); ++m) {
        double sa = 0.0;
        double sb = 0.0;
        for (std::size_t i = 0; i < players; ++i)
            if (m & (Mask{1} << i)) {
                sa += a[i];
                sb += b[i];
            }
        game.value[m] = sa * sa + sb;
    }
    return game;
}

TEST_CASE("market coalition: nucleolus is efficient and in the core when the core is not empty") {
    // Schmeidler (1969): the nucleolus is in the core whenever the core is non-empty.
    Draws draws(31);
    for (int trial = 0; trial < 12; ++trial) {
        const std::size_t players = 3 + static_cast<std::size_t>(trial % 4);
        std::vector<double> inside;
        const Game game = trial % 2 == 0 ? gameWithCore(players, draws, inside) : convexGame(players, draws);
        INFO("trial " << trial << " with " << players << " councils");
        const double tolerance = 1e-9 * largestValue(game);
        const std::vector<double> x = itsb::market::nucleolus(game);
        CHECK(std::abs(sumOf(x) - game.value.back()) < tolerance);
        CHECK(itsb::market::coreViolations(game, x, tolerance).empty());
        if (trial % 2 == 1)
            CHECK(itsb::market::coreViolations(game, itsb::market::shapley(game), tolerance).empty());
    }
}

// Excesses x(S) - v(S) of the proper non-empty groups, smallest first.
std::vector<double> sortedExcesses(const Game& game, const std::vector<double>& x) {
    std::vector<double> excesses;
    const Mask all = static_cast<Mask>(game.value.size() - 1);
    for (Mask m = 1; m < all; ++m) {
        double share = 0.0;
        for (std::size_t i = 0; i < game.players; ++i)
            if (m & (Mask{1} << i))
                share += x[i];
        excesses.push_back(share - game.value[m]);
    }
    std::sort(excesses.begin(), excesses.end());
    return excesses;
}

TEST_CASE("market coalition: no nearby allocation beats the nucleolus lexicographically") {
    // The definition (Schmeidler 1969): the nucleolus maximises the sorted excess vector in the
    // lexicographic order over all allocations of v(N). Any other allocation has a vector that
    // is smaller at the first place the two differ.
    Draws draws(555);
    for (int trial = 0; trial < 8; ++trial) {
        const std::size_t players = 3 + static_cast<std::size_t>(trial % 4);
        Game game = randomGame(players, draws);
        if (trial % 4 == 3) {  // symmetric in players 0 and 1: they must get the same
            const Game original = game;
            for (Mask m = 0; m < game.value.size(); ++m)
                game.value[m] = original.value[m] + original.value[swapPlayers(m, 0, 1)];
        }
        INFO("trial " << trial << " with " << players << " councils");
        const std::vector<double> x = itsb::market::nucleolus(game);
        const double scale = largestValue(game);
        CHECK(std::abs(sumOf(x) - game.value.back()) < 1e-9 * scale);
        if (trial % 4 == 3)
            CHECK(std::abs(x[0] - x[1]) < 1e-9 * scale);
        const std::vector<double> best = sortedExcesses(game, x);
        for (int move = 0; move < 300; ++move) {
            // A move that keeps the total: from one council to another, of size 1e-6 to 1 of scale.
            const std::size_t from = draws.below(static_cast<std::uint32_t>(players));
            const std::size_t to = (from + 1 + draws.below(static_cast<std::uint32_t>(players - 1))) % players;
            const double size = scale * std::pow(10.0, -6.0 * draws.unit());
            std::vector<double> y = x;
            y[from] -= size;
            y[to] += size;
            if (move % 2 == 1) {  // and a second transfer
                const std::size_t other = draws.below(static_cast<std::uint32_t>(players));
                y[other] += size / 3;
                y[(other + 1) % players] -= size / 3;
            }
            const std::vector<double> excesses = sortedExcesses(game, y);
            for (std::size_t k = 0; k < best.size(); ++k) {
                if (std::abs(excesses[k] - best[k]) <= 1e-9 * scale)
                    continue;
                INFO("move " << move << ": excess " << k << " is " << excesses[k] << " against " << best[k]);
                CHECK(excesses[k] < best[k]);
                break;
            }
        }
    }
}

std::string gameError(const Game& game) {
    try {
        itsb::market::shapley(game);
    } catch (const std::invalid_argument& error) {
        const std::string shapleyMessage = error.what();
        try {
            itsb::market::nucleolus(game);
        } catch (const std::invalid_argument& again) {
            if (shapleyMessage != again.what())
                return "shapley and nucleolus disagree";
        }
        return shapleyMessage;
    }
    return "no error";
}

TEST_CASE("market coalition: malformed games are refused") {
    CHECK(gameError(gameOf(0, {0})) == "game: players must be between 1 and 6, got 0");
    CHECK(gameError(Game{7, std::vector<double>(128, 0.0)}) == "game: players must be between 1 and 6, got 7");
    CHECK(gameError(gameOf(2, {0, 1, 2})) == "game: value must have 2^2 = 4 entries (one per sub-group), got 3");
    CHECK(gameError(gameOf(2, {1, 1, 2, 4})) == "game: value[0] (the empty group) must be 0, got 1");
    CHECK(gameError(gameOf(2, {0, 1, std::numeric_limits<double>::infinity(), 4})) ==
          "game: value[2] is not a finite number (inf)");
    CHECK_THROWS_AS(itsb::market::nucleolus(gameOf(2, {0, 1, 2, std::numeric_limits<double>::quiet_NaN()})),
                    std::invalid_argument);
    CHECK_THROWS_AS(itsb::market::coreViolations(gameOf(1, {0.5, 1}), {1.0}, 0.0), std::invalid_argument);
}

TEST_CASE("market coalition: core violations of a hand example") {
    // The hand game (v1 = 10, v2 = 20, v3 = 30, v12 = 50, v13 = 60, v23 = 70, v123 = 120).
    const Game game = handGame();
    // (30, 40, 50) gives every group 20 more than it makes alone: in the core.
    CHECK(itsb::market::coreViolations(game, {30, 40, 50}, 0.0).empty());
    // (0, 30, 90): {1,2} gets 30 of its 50 (short 20), {1} 0 of its 10 (short 10); {2} 30 >= 20,
    // {3} 90 >= 30, {1,3} 90 >= 60, {2,3} 120 >= 70. Worst first.
    std::vector<CoreViolation> violations = itsb::market::coreViolations(game, {0, 30, 90}, 0.0);
    REQUIRE(violations.size() == 2);
    CHECK(violations[0].members == 0b011);
    CHECK(violations[0].shortfall == 20.0);
    CHECK(violations[1].members == 0b001);
    CHECK(violations[1].shortfall == 10.0);
    // (0, 40, 80): {1} and {1,2} are both short by 10: ties by mask.
    violations = itsb::market::coreViolations(game, {0, 40, 80}, 0.0);
    REQUIRE(violations.size() == 2);
    CHECK(violations[0].members == 0b001);
    CHECK(violations[1].members == 0b011);
    // Shortfalls up to the tolerance are not violations.
    violations = itsb::market::coreViolations(game, {0, 30, 90}, 10.0);
    REQUIRE(violations.size() == 1);
    CHECK(violations[0].members == 0b011);
    // Shares of the wrong length, or a tolerance that is not one, are refused.
    CHECK_THROWS_WITH_AS(itsb::market::coreViolations(game, {60, 60}, 0.0),
                         "core check: the allocation has 2 shares for 3 players", std::invalid_argument);
    CHECK_THROWS_WITH_AS(itsb::market::coreViolations(game, {30, 40, 50}, -1.0),
                         "core check: the tolerance must be a finite number >= 0, got -1", std::invalid_argument);
}

}  // namespace packing_test
