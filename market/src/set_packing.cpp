// Weighted set packing through CBC's C interface (Cbc_C_Interface.h, COIN-OR CBC 2.10.8).
//
// Why the C interface: Cbc_solve runs CBC's own driver (CbcMain1) with the cbc command's default
// strategy: CglPreProcess, the default cut generators (probing, Gomory, knapsack covers, clique,
// MIR, flow covers, two-MIR, zero-half) and heuristics (feasibility pump, RINS, greedy, ...).
// Driving CbcModel directly would mean re-assembling all of that by hand. Clique information,
// which is what makes the LP relaxation of a packing strong, is CglClique's job and is on by
// default. Two changes from the defaults, both measured on England's packings (bench/README.md):
// "together" variables to branch on (below), which proved the groups of up to three in 50 s
// instead of 140 s, and the feasibility pump off, which spent a quarter of the time finding
// nothing the other heuristics did not.
//
// The matrix is loaded column-major in one call (one column per set, one row per element that
// some set uses): England-wide groups of up to four are ~350,000 columns after match.cpp's reduction.

#include "itsb/market/set_packing.hpp"

#include <Cbc_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace itsb::market {

namespace {

// Validation lists at most this many problems, then how many more there were.
constexpr std::size_t maxProblemsListed = 10;

void checkProblem(const PackingProblem& problem) {
    std::vector<std::string> problems;
    std::size_t unlisted = 0;
    auto report = [&](std::string text) {
        if (problems.size() < maxProblemsListed)
            problems.push_back(std::move(text));
        else
            ++unlisted;
    };
    if (problem.weights.size() != problem.sets.size())
        report("there are " + std::to_string(problem.sets.size()) + " sets but " +
               std::to_string(problem.weights.size()) + " weights");
    if (problem.elements > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        report("CBC indexes rows with int: " + std::to_string(problem.elements) + " elements are too many");
    if (problem.sets.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        report("CBC indexes columns with int: " + std::to_string(problem.sets.size()) + " sets are too many");

    // lastSeen[e] = 1 + the index of the last set that listed e: finds repeats in O(total size).
    std::vector<std::size_t> lastSeen(problem.elements, 0);
    std::size_t nonzeros = 0;
    for (std::size_t s = 0; s < problem.sets.size(); ++s) {
        for (std::size_t e : problem.sets[s]) {
            if (e >= problem.elements) {
                report("set " + std::to_string(s) + " lists element " + std::to_string(e) +
                       (problem.elements == 0 ? std::string(", but there are no elements")
                                              : ", but the elements are 0.." + std::to_string(problem.elements - 1)));
            } else if (lastSeen[e] == s + 1) {
                report("set " + std::to_string(s) + " lists element " + std::to_string(e) + " twice");
            } else {
                lastSeen[e] = s + 1;
            }
        }
        nonzeros += problem.sets[s].size();
    }
    if (nonzeros > static_cast<std::size_t>(std::numeric_limits<CoinBigIndex>::max()))
        report("CBC indexes the matrix with CoinBigIndex: " + std::to_string(nonzeros) + " memberships are too many");
    for (std::size_t s = 0; s < problem.weights.size(); ++s)
        if (!std::isfinite(problem.weights[s]))
            report("set " + std::to_string(s) + " has a weight that is not a finite number");

    if (problems.empty())
        return;
    std::string message = "set packing: ";
    for (std::size_t i = 0; i < problems.size(); ++i)
        message += (i == 0 ? "" : "; ") + problems[i];
    if (unlisted > 0)
        message += "; and " + std::to_string(unlisted) + " more problems";
    throw std::invalid_argument(message);
}

// Calls f with a key for each pair of elements of a set (by their rows, smaller first).
template <typename F>
void forEachPair(const std::vector<std::size_t>& set, const std::vector<int>& rowOf, F f) {
    for (std::size_t a = 0; a < set.size(); ++a)
        for (std::size_t b = a + 1; b < set.size(); ++b) {
            const auto ra = static_cast<std::uint64_t>(rowOf[set[a]]), rb = static_cast<std::uint64_t>(rowOf[set[b]]);
            f(std::min(ra, rb) << 32 | std::max(ra, rb));
        }
}

struct CbcModelDeleter {
    void operator()(Cbc_Model* model) const { Cbc_deleteModel(model); }
};
using CbcModelPtr = std::unique_ptr<Cbc_Model, CbcModelDeleter>;

// CBC's driver parses its options through globals in CbcOrClpParam.cpp (CbcOrClpRead_mode and
// friends), so two solves must not run at the same time in one process.
std::mutex& cbcMutex() {
    static std::mutex mutex;
    return mutex;
}

}  // namespace

PackingSolution solveSetPacking(const PackingProblem& problem, const PackingOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    checkProblem(problem);
    if (!(options.maxSeconds > 0.0))  // also rejects NaN
        throw std::invalid_argument("set packing: maxSeconds must be a positive number of seconds");

    // The sets worth solving for: a set of weight <= 0 never improves a packing, and an empty
    // set is not a consortium. Elements that no kept set uses need no row.
    std::vector<std::size_t> kept;
    kept.reserve(problem.sets.size());
    for (std::size_t s = 0; s < problem.sets.size(); ++s)
        if (problem.weights[s] > 0.0 && !problem.sets[s].empty())
            kept.push_back(s);

    PackingSolution solution;
    auto seconds = [&]() { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    if (kept.empty()) {
        solution.proven = true;  // the empty packing is the only packing worth anything
        solution.seconds = seconds();
        return solution;
    }

    constexpr int noRow = -1;
    std::vector<int> rowOf(problem.elements, noRow);
    int rows = 0;
    for (std::size_t s : kept)
        for (std::size_t e : problem.sets[s]) rowOf[e] = 0;
    for (auto& row : rowOf)  // rows in the elements' order
        if (row == 0) row = rows++;
    const int elementRows = rows;

    // "Together" variables (options.pairBranching): for each pair of elements that two or more
    // kept sets share, y = the sum of those sets' x, a binary variable of its own on an equality
    // row. They add no constraint a packing does not already meet, but CBC branches on them:
    // "these two are in one chosen set, or not" (Ryan and Foster's branching), which splits the
    // search far more evenly than fixing one set's x.
    std::unordered_map<std::uint64_t, int> pairRow;
    if (options.pairBranching) {
        std::unordered_map<std::uint64_t, int> sharing;
        for (std::size_t s : kept)
            forEachPair(problem.sets[s], rowOf, [&](std::uint64_t key) { ++sharing[key]; });
        std::vector<std::uint64_t> shared;
        for (const auto& [key, count] : sharing)
            if (count >= 2) shared.push_back(key);
        std::sort(shared.begin(), shared.end());  // row numbers independent of hashing
        for (std::uint64_t key : shared) pairRow.emplace(key, rows++);
    }

    std::vector<CoinBigIndex> columnStarts;
    std::vector<int> rowIndices;
    std::vector<double> coefficients;
    std::vector<double> objective;
    columnStarts.reserve(kept.size() + pairRow.size() + 1);
    objective.reserve(kept.size() + pairRow.size());
    columnStarts.push_back(0);
    for (std::size_t s : kept) {
        for (std::size_t e : problem.sets[s]) {
            rowIndices.push_back(rowOf[e]);
            coefficients.push_back(1.0);
        }
        forEachPair(problem.sets[s], rowOf, [&](std::uint64_t key) {
            if (const auto found = pairRow.find(key); found != pairRow.end()) {
                rowIndices.push_back(found->second);
                coefficients.push_back(1.0);
            }
        });
        columnStarts.push_back(static_cast<CoinBigIndex>(rowIndices.size()));
        objective.push_back(problem.weights[s]);
    }
    // The together variables' columns, in row order: -1 on their own row, nothing in the objective.
    for (int row = elementRows; row < rows; ++row) {
        rowIndices.push_back(row);
        coefficients.push_back(-1.0);
        columnStarts.push_back(static_cast<CoinBigIndex>(rowIndices.size()));
        objective.push_back(0.0);
    }
    const int setColumns = static_cast<int>(kept.size());
    const int columns = static_cast<int>(objective.size());
    const std::vector<double> columnLower(objective.size(), 0.0);
    const std::vector<double> columnUpper(objective.size(), 1.0);
    std::vector<double> rowLower(static_cast<std::size_t>(rows), -std::numeric_limits<double>::infinity());
    std::vector<double> rowUpper(static_cast<std::size_t>(rows), 1.0);
    for (int row = elementRows; row < rows; ++row) rowLower[static_cast<std::size_t>(row)] = rowUpper[static_cast<std::size_t>(row)] = 0.0;

    double cbcBound = 0.0;
    bool cbcProven = false;
    {
        std::lock_guard lock(cbcMutex());
        CbcModelPtr model(Cbc_newModel());
        Cbc_loadProblem(model.get(), columns, rows, columnStarts.data(), rowIndices.data(), coefficients.data(),
                        columnLower.data(), columnUpper.data(), objective.data(), rowLower.data(), rowUpper.data());
        for (int column = 0; column < columns; ++column)
            Cbc_setInteger(model.get(), column);
        Cbc_setObjSense(model.get(), -1.0);  // maximise
        // Silent (CBC's and CLP's logs), one thread, a wall-clock time limit. CBC's random seeds
        // are fixed by default, so the same problem gives the same answer on any machine unless
        // the time limit cuts the search short.
        Cbc_setLogLevel(model.get(), 0);
        Cbc_setParameter(model.get(), "log", "0");
        Cbc_setParameter(model.get(), "slog", "0");
        Cbc_setParameter(model.get(), "threads", "0");
        Cbc_setParameter(model.get(), "timeMode", "elapsed");
        // The feasibility pump found nothing on England's packings that CBC's other heuristics did
        // not, and took a quarter of the time (docs/MARKET.md, "The solver").
        Cbc_setParameter(model.get(), "feas", "off");
        Cbc_setMaximumSeconds(model.get(), options.maxSeconds);
        Cbc_solve(model.get());

        cbcBound = Cbc_getBestPossibleObjValue(model.get());
        // With every weight positive, the empty packing is feasible and CBC always has a best
        // solution; without one, nothing is proven.
        if (const double* best = Cbc_bestSolution(model.get())) {
            cbcProven = Cbc_isProvenOptimal(model.get()) != 0;
            for (int column = 0; column < setColumns; ++column)
                if (best[column] > 0.5)
                    solution.chosen.push_back(kept[static_cast<std::size_t>(column)]);
        }
    }

    // The certificate's first part: the packing is one (no element in two chosen sets).
    std::vector<bool> used(problem.elements, false);
    for (std::size_t s : solution.chosen)
        for (std::size_t e : problem.sets[s]) {
            if (used[e])
                throw std::logic_error("set packing: CBC returned overlapping sets (element " + std::to_string(e) + ")");
            used[e] = true;
        }

    for (std::size_t s : solution.chosen)
        solution.objective += problem.weights[s];
    solution.proven = cbcProven;
    if (cbcProven) {
        solution.bound = solution.objective;
    } else if (std::isfinite(cbcBound)) {
        solution.bound = std::max(cbcBound, solution.objective);
    } else {
        // No LP bound before the time limit: the trivial one, every kept set chosen.
        solution.bound = 0.0;
        for (double weight : objective)
            solution.bound += weight;  // the together variables' weights are 0
        solution.bound = std::max(solution.bound, solution.objective);
    }
    solution.gap = cbcProven ? 0.0 : (solution.bound - solution.objective) / std::max(std::abs(solution.objective), 1e-9);
    solution.seconds = seconds();
    return solution;
}

}  // namespace itsb::market
