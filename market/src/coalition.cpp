// The share rules of a consortium: the Shapley value (exact, every sub-group), the nucleolus
// (a sequence of linear programmes solved by COIN-OR CLP) and the core check.

#include "itsb/market/coalition.hpp"

#include <ClpSimplex.hpp>
#include <CoinFinite.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace itsb::market {

namespace {

constexpr std::size_t maxPlayers = 6;
using Mask = std::uint32_t;

std::string number(double value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

void checkGame(const Game& game) {
    if (game.players == 0 || game.players > maxPlayers)
        throw std::invalid_argument("game: players must be between 1 and " + std::to_string(maxPlayers) + ", got " +
                                    std::to_string(game.players));
    const std::size_t groups = std::size_t{1} << game.players;
    if (game.value.size() != groups)
        throw std::invalid_argument("game: value must have 2^" + std::to_string(game.players) + " = " +
                                    std::to_string(groups) + " entries (one per sub-group), got " +
                                    std::to_string(game.value.size()));
    for (std::size_t mask = 0; mask < groups; ++mask)
        if (!std::isfinite(game.value[mask]))
            throw std::invalid_argument("game: value[" + std::to_string(mask) + "] is not a finite number (" +
                                        number(game.value[mask]) + ")");
    if (game.value[0] != 0.0)
        throw std::invalid_argument("game: value[0] (the empty group) must be 0, got " + number(game.value[0]));
}

Mask grandCoalition(std::size_t players) { return (Mask{1} << players) - 1; }

double allocated(const std::vector<double>& allocation, Mask members) {
    double total = 0.0;
    for (std::size_t i = 0; i < allocation.size(); ++i)
        if (members & (Mask{1} << i))
            total += allocation[i];
    return total;
}

// --- The nucleolus --------------------------------------------------------------------------

// The span of the coalitions fixed so far (as 0/1 vectors in R^n), kept in echelon form: row k
// is zero at the pivots of rows 0..k-1 and 1 at its own pivot.
class CoalitionSpan {
public:
    explicit CoalitionSpan(std::size_t players) : players_(players) {}

    //! Adds the coalition; false if it was in the span already.
    bool add(Mask members) {
        Row row = reduce(members);
        std::size_t pivot = 0;
        for (std::size_t j = 1; j < players_; ++j)
            if (std::abs(row[j]) > std::abs(row[pivot]))
                pivot = j;
        if (std::abs(row[pivot]) < tolerance)
            return false;
        const double scale = row[pivot];
        for (double& entry : row)
            entry /= scale;
        rows_.push_back(row);
        pivots_.push_back(pivot);
        return true;
    }

    bool spans(Mask members) const {
        const Row row = reduce(members);
        return std::all_of(row.begin(), row.end(), [](double entry) { return std::abs(entry) < tolerance; });
    }

private:
    using Row = std::array<double, maxPlayers>;
    static constexpr double tolerance = 1e-9;  // entries are small rationals from 0/1 vectors

    Row reduce(Mask members) const {
        Row row{};
        for (std::size_t j = 0; j < players_; ++j)
            row[j] = (members & (Mask{1} << j)) ? 1.0 : 0.0;
        for (std::size_t k = 0; k < rows_.size(); ++k) {
            const double factor = row[pivots_[k]];
            if (factor != 0.0)
                for (std::size_t j = 0; j < players_; ++j)
                    row[j] -= factor * rows_[k][j];
        }
        return row;
    }

    std::size_t players_;
    std::vector<Row> rows_;
    std::vector<std::size_t> pivots_;
};

// x(S) = level for every fixed coalition S whose vector is independent of the others'.
struct FixedCoalition {
    Mask members;
    double allocated;  // v(S) + the excess S was fixed at
};

// One programme of the sequence: maximise eps subject to x(S) - eps >= v(S) for each free S
// and x(S) = allocated for each fixed S (the grand coalition among them). Returns eps, x and
// the row duals (free rows first).
struct LevelSolution {
    double epsilon = 0.0;
    std::vector<double> allocation;
    std::vector<double> freeDuals;
};

LevelSolution solveLevel(std::size_t players, const std::vector<double>& value, const std::vector<FixedCoalition>& fixed,
                         const std::vector<Mask>& freeCoalitions) {
    const int rows = static_cast<int>(freeCoalitions.size() + fixed.size());
    const int columns = static_cast<int>(players) + 1;  // x_0 .. x_{n-1}, eps
    std::vector<CoinBigIndex> starts{0};
    std::vector<int> indices;
    std::vector<double> elements;
    for (std::size_t i = 0; i < players; ++i) {
        const Mask bit = Mask{1} << i;
        for (std::size_t r = 0; r < freeCoalitions.size(); ++r)
            if (freeCoalitions[r] & bit) {
                indices.push_back(static_cast<int>(r));
                elements.push_back(1.0);
            }
        for (std::size_t f = 0; f < fixed.size(); ++f)
            if (fixed[f].members & bit) {
                indices.push_back(static_cast<int>(freeCoalitions.size() + f));
                elements.push_back(1.0);
            }
        starts.push_back(static_cast<CoinBigIndex>(indices.size()));
    }
    for (std::size_t r = 0; r < freeCoalitions.size(); ++r) {
        indices.push_back(static_cast<int>(r));
        elements.push_back(-1.0);
    }
    starts.push_back(static_cast<CoinBigIndex>(indices.size()));

    const std::vector<double> columnLower(static_cast<std::size_t>(columns), -COIN_DBL_MAX);
    const std::vector<double> columnUpper(static_cast<std::size_t>(columns), COIN_DBL_MAX);
    std::vector<double> objective(static_cast<std::size_t>(columns), 0.0);
    objective.back() = 1.0;
    std::vector<double> rowLower;
    std::vector<double> rowUpper;
    for (Mask members : freeCoalitions) {
        rowLower.push_back(value[members]);
        rowUpper.push_back(COIN_DBL_MAX);
    }
    for (const FixedCoalition& coalition : fixed) {
        rowLower.push_back(coalition.allocated);
        rowUpper.push_back(coalition.allocated);
    }

    ClpSimplex model;
    model.setLogLevel(0);
    model.loadProblem(columns, rows, starts.data(), indices.data(), elements.data(), columnLower.data(),
                      columnUpper.data(), objective.data(), rowLower.data(), rowUpper.data());
    model.setOptimizationDirection(-1.0);  // maximise eps
    model.primal();
    if (!model.isProvenOptimal())
        throw std::logic_error("nucleolus: CLP did not solve a level programme (status " +
                               std::to_string(model.status()) + ")");

    LevelSolution solution;
    const double* primal = model.primalColumnSolution();
    solution.allocation.assign(primal, primal + players);
    solution.epsilon = primal[players];
    const double* duals = model.dualRowSolution();
    solution.freeDuals.assign(duals, duals + freeCoalitions.size());
    return solution;
}

// Solves A x = b for the n fixed coalitions that span R^n (Gaussian elimination, partial pivots).
std::vector<double> solveFixed(std::size_t players, const std::vector<FixedCoalition>& fixed) {
    if (fixed.size() != players)
        throw std::logic_error("nucleolus: " + std::to_string(fixed.size()) + " independent coalitions fixed for " +
                               std::to_string(players) + " players");
    std::vector<std::vector<double>> a(players, std::vector<double>(players + 1, 0.0));
    for (std::size_t r = 0; r < players; ++r) {
        for (std::size_t j = 0; j < players; ++j)
            a[r][j] = (fixed[r].members & (Mask{1} << j)) ? 1.0 : 0.0;
        a[r][players] = fixed[r].allocated;
    }
    for (std::size_t c = 0; c < players; ++c) {
        std::size_t best = c;
        for (std::size_t r = c + 1; r < players; ++r)
            if (std::abs(a[r][c]) > std::abs(a[best][c]))
                best = r;
        if (std::abs(a[best][c]) < 1e-12)
            throw std::logic_error("nucleolus: the fixed coalitions do not determine the allocation");
        std::swap(a[c], a[best]);
        for (std::size_t r = 0; r < players; ++r) {
            if (r == c || a[r][c] == 0.0)
                continue;
            const double factor = a[r][c] / a[c][c];
            for (std::size_t j = c; j <= players; ++j)
                a[r][j] -= factor * a[c][j];
        }
    }
    std::vector<double> x(players);
    for (std::size_t i = 0; i < players; ++i)
        x[i] = a[i][players] / a[i][i];
    return x;
}

}  // namespace

std::vector<double> shapley(const Game& game) {
    checkGame(game);
    const std::size_t n = game.players;
    // weight[s] = s! (n - s - 1)! / n!: the share of orderings in which exactly the s members of
    // S come before player i.
    std::vector<double> weight(n);
    for (std::size_t s = 0; s < n; ++s) {
        double w = 1.0 / static_cast<double>(n);
        // s! (n-s-1)! / (n-1)! = 1 / C(n-1, s)
        for (std::size_t k = 1; k <= s; ++k)
            w *= static_cast<double>(k) / static_cast<double>(n - k);
        weight[s] = w;
    }
    std::vector<double> phi(n, 0.0);
    const Mask all = grandCoalition(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Mask bit = Mask{1} << i;
        for (Mask members = 0; members <= all; ++members)
            if (!(members & bit))
                phi[i] += weight[static_cast<std::size_t>(std::popcount(members))] *
                          (game.value[members | bit] - game.value[members]);
    }
    return phi;
}

// The nucleolus by the sequential linear programmes of Kopelowitz (1967) and Maschler, Peleg and
// Shapley (1979, Mathematics of Operations Research 4(4), section 6). Level k maximises the
// smallest excess eps over the coalitions not yet fixed. Which coalitions to fix at level eps_k
// is where published codes go wrong (Guajardo and Jornsten 2015, "Common mistakes in computing
// the nucleolus", European Journal of Operational Research 241(3)): fixing every coalition that
// is tight in the solution found is wrong, because a tight coalition may have a larger excess
// in another optimal solution. We fix the coalitions whose row has a non-zero dual value: by
// complementary slackness such a row is tight in every optimal solution, so its excess is
// eps_k at the nucleolus. The duals of the free rows sum to 1 (eps's column), so every level
// fixes at least one coalition. Coalitions tight in every optimum but with a zero dual stay
// free and are fixed at a later level with the same eps. A free coalition whose vector lies in
// the span of the fixed ones has a constant excess from then on and is dropped (Fromen 1997,
// EJOR 98(3)); dropping a constant from the excess vector does not change the lexicographic
// order. When the fixed coalitions span R^n the allocation is the solution of their equations.
std::vector<double> nucleolus(const Game& game) {
    checkGame(game);
    const std::size_t n = game.players;
    const Mask all = grandCoalition(n);
    if (n == 1)
        return {game.value[all]};

    // Work in units of the largest |v(S)| so that CLP's absolute tolerances are relative ones.
    double scale = 0.0;
    for (double v : game.value)
        scale = std::max(scale, std::abs(v));
    if (scale == 0.0)
        scale = 1.0;
    std::vector<double> value(game.value.size());
    std::transform(game.value.begin(), game.value.end(), value.begin(), [scale](double v) { return v / scale; });

    CoalitionSpan span(n);
    span.add(all);
    std::vector<FixedCoalition> fixed{{all, value[all]}};
    std::vector<Mask> freeCoalitions;
    for (Mask members = 1; members < all; ++members)
        freeCoalitions.push_back(members);

    constexpr double dualTolerance = 1e-9;
    constexpr double tightTolerance = 1e-7;
    while (!freeCoalitions.empty()) {
        const LevelSolution level = solveLevel(n, value, fixed, freeCoalitions);
        std::vector<Mask> stillFree;
        std::vector<Mask> nowFixed;
        for (std::size_t r = 0; r < freeCoalitions.size(); ++r) {
            const Mask members = freeCoalitions[r];
            if (std::abs(level.freeDuals[r]) > dualTolerance) {
                const double excess = allocated(level.allocation, members) - value[members];
                if (std::abs(excess - level.epsilon) > tightTolerance)
                    throw std::logic_error("nucleolus: CLP gave a dual value to a coalition that is not tight");
                nowFixed.push_back(members);
            } else {
                stillFree.push_back(members);
            }
        }
        if (nowFixed.empty())
            throw std::logic_error("nucleolus: no coalition has a positive dual value at level " + number(level.epsilon));
        for (Mask members : nowFixed)
            if (span.add(members))
                fixed.push_back({members, value[members] + level.epsilon});
        freeCoalitions.clear();
        for (Mask members : stillFree)
            if (!span.spans(members))
                freeCoalitions.push_back(members);
    }

    std::vector<double> x = solveFixed(n, fixed);
    for (double& share : x)
        share *= scale;
    return x;
}

std::vector<CoreViolation> coreViolations(const Game& game, const std::vector<double>& allocation, double tolerance) {
    checkGame(game);
    if (allocation.size() != game.players)
        throw std::invalid_argument("core check: the allocation has " + std::to_string(allocation.size()) +
                                    " shares for " + std::to_string(game.players) + " players");
    for (std::size_t i = 0; i < allocation.size(); ++i)
        if (!std::isfinite(allocation[i]))
            throw std::invalid_argument("core check: share " + std::to_string(i) + " is not a finite number (" +
                                        number(allocation[i]) + ")");
    if (!std::isfinite(tolerance) || tolerance < 0.0)
        throw std::invalid_argument("core check: the tolerance must be a finite number >= 0, got " + number(tolerance));
    // The shares' sum is not checked against v(N): callers pass rules (equal, by spend) whose
    // rounded shares may miss it by pennies, and each sub-group's shortfall means the same.
    const Mask all = grandCoalition(game.players);
    std::vector<CoreViolation> violations;
    for (Mask members = 1; members < all; ++members) {
        const double shortfall = game.value[members] - allocated(allocation, members);
        if (shortfall > tolerance)
            violations.push_back({members, shortfall});
    }
    std::stable_sort(violations.begin(), violations.end(),
                     [](const CoreViolation& a, const CoreViolation& b) { return a.shortfall > b.shortfall; });
    return violations;
}

}  // namespace itsb::market
