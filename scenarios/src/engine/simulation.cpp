#include "itsb/scenarios/engine/simulation.hpp"

#include "itsb/finance/parallel.hpp"
#include "itsb/scenarios/engine/path_engine.hpp"
#include "itsb/scenarios/engine/sampling.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace itsb::scenarios {

namespace {

// Asks for the buffer to be backed by 2 MB pages where the kernel leaves that to the program
// (Linux's transparent huge pages in "madvise" mode): a million paths fill 56 MB, and taking
// them 4 KB at a time cost a tenth of the run in page faults. Only a hint: the values and the
// results are the same either way.
void adviseHugePages([[maybe_unused]] void* data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHugePage = std::uintptr_t{1} << 21;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHugePage - 1) & ~(kHugePage - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHugePage - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#endif
}

// Per path, only the metrics the summary needs: 7 numbers (56 bytes).
struct PathColumns {
    std::vector<double> projectNpv, projectIrr, npvAfterFinancing, minDscr, breakEvenYear, investorIrr, investorLoss;

    explicit PathColumns(std::int64_t n) {
        for (auto* c : all()) {
            c->reserve(static_cast<std::size_t>(n));
            adviseHugePages(c->data(), static_cast<std::size_t>(n) * sizeof(double));
            c->assign(static_cast<std::size_t>(n), kNull);
        }
    }
    std::vector<std::vector<double>*> all() {
        return {&projectNpv, &projectIrr, &npvAfterFinancing, &minDscr, &breakEvenYear, &investorIrr, &investorLoss};
    }
    void store(std::size_t i, const PathMetrics& m) {
        projectNpv[i] = m.projectNpv;
        projectIrr[i] = m.projectIrr;
        npvAfterFinancing[i] = m.npvAfterFinancing;
        minDscr[i] = m.minDscr;
        breakEvenYear[i] = m.breakEvenYear;
        investorIrr[i] = m.investorIrr;
        investorLoss[i] = m.investorLoss;
    }
};

double share(std::int64_t count, std::int64_t total) { return static_cast<double>(count) / static_cast<double>(total); }

//! Whether draws from `d` can differ: a fixed value, a range of width zero, a spread of zero
//! or a discrete list of one value with weight cannot.
bool varies(const Distribution& d) {
    switch (d.kind) {
        case DistributionKind::Fixed: return false;
        case DistributionKind::Uniform:
        case DistributionKind::Triangular:
        case DistributionKind::Pert: return d.min != d.max;
        case DistributionKind::Normal: return d.sd != 0.0;
        case DistributionKind::Lognormal: return d.sigma != 0.0;
        case DistributionKind::Discrete: {
            std::optional<double> seen;
            for (std::size_t i = 0; i < d.values.size(); ++i) {
                if (!(d.probabilities[i] > 0.0)) continue;
                if (seen && *seen != d.values[i]) return true;
                seen = d.values[i];
            }
            return false;
        }
    }
    return true;
}

}  // namespace

const std::vector<std::string>& simulatedMetricKeys() {
    static const std::vector<std::string> keys{"project_npv", "project_irr",     "npv_after_financing",
                                               "min_dscr",    "break_even_year", "investor_irr"};
    return keys;
}

bool nothingUncertain(const Uncertainty& u) {
    return !varies(u.savingRateFactor) && !varies(u.delayYears) && !varies(u.oneOffCostFactor) &&
           !varies(u.runningCostFactor) && !varies(u.expenditureGrowth);
}

SimulationResult simulate(const Scenario& scenario, const SimulationOptions& options) {
    if (options.paths < 1) throw std::invalid_argument("a simulation needs at least one path");
    const PathEngine prototype(scenario);  // sizes the notional on the base case
    const auto& u = scenario.uncertainty;
    const finance::Sampler savingRate = makeSampler(u.savingRateFactor), delay = makeSampler(u.delayYears),
                           oneOff = makeSampler(u.oneOffCostFactor), running = makeSampler(u.runningCostFactor),
                           growth = makeSampler(u.expenditureGrowth);

    // Where nothing can vary every path is the same: one path says all there is to say, and
    // the report says why, instead of presenting 10,000 copies as a distribution.
    const bool certain = nothingUncertain(u);
    const std::int64_t n = certain ? 1 : options.paths;
    const std::int64_t blocks = (n + kPathsPerBlock - 1) / kPathsPerBlock;
    PathColumns columns(n);
    std::vector<char> failed(static_cast<std::size_t>(n), 0);

    // One engine per worker thread, made on the thread's first block; each block has its own
    // random stream, and each path's metrics go to the path's own slot.
    std::vector<std::optional<PathEngine>> engines(
        finance::parallelWorkers(static_cast<std::size_t>(blocks), options.threads));
    auto runBlock = [&](std::size_t block, std::size_t worker) {
        std::optional<PathEngine>& engine = engines[worker];
        if (!engine) engine.emplace(prototype);
        // Every path draws its five uniforms in the SPEC's order, fixed distributions included,
        // so one input's distribution never shifts another's draws. Paths go to the engine a
        // few at a time, so that their IRRs are solved side by side.
        finance::UniformStream stream(finance::blockSeed(options.seed, block));
        const std::int64_t first = static_cast<std::int64_t>(block) * kPathsPerBlock,
                           last = std::min(n, first + kPathsPerBlock);
        constexpr std::int64_t kTogether = 16;
        std::array<Draw, kTogether> draws;
        std::array<PathMetrics, kTogether> metrics;
        std::array<char, kTogether> pathFailed;
        for (std::int64_t from = first; from < last; from += kTogether) {
            const auto count = static_cast<std::size_t>(std::min(kTogether, last - from));
            for (std::size_t k = 0; k < count; ++k) {
                Draw& draw = draws[k];
                draw.savingRateFactor = savingRate(stream.next());
                draw.extraDelay = roundDelay(delay(stream.next()));
                draw.oneOffCostFactor = oneOff(stream.next());
                draw.runningCostFactor = running(stream.next());
                draw.expenditureGrowth = growth(stream.next());
            }
            engine->evaluate(std::span(draws.data(), count), std::span(metrics.data(), count),
                             std::span(pathFailed.data(), count));
            for (std::size_t k = 0; k < count; ++k) {
                const auto i = static_cast<std::size_t>(from) + k;
                if (pathFailed[k] != 0)
                    failed[i] = 1;  // its metrics stay null
                else
                    columns.store(i, metrics[k]);
            }
        }
    };
    std::int64_t done = 0;
    std::function<void(std::size_t)> blockDone;
    if (options.progress)
        blockDone = [&](std::size_t block) {
            const std::int64_t first = static_cast<std::int64_t>(block) * kPathsPerBlock;
            done += std::min(n, first + kPathsPerBlock) - first;
            options.progress(done, n);
        };
    finance::parallelFor(static_cast<std::size_t>(blocks), options.threads, runBlock, blockDone);

    SimulationResult result;
    result.inputSha256 = inputSha256(scenario);
    result.paths = n;
    result.nothingUncertain = certain;
    if (certain)
        result.warnings.push_back(
            {"nothing_uncertain", "/uncertainty", {countValue("paths_asked", static_cast<double>(options.paths))}});
    result.seed = options.seed;
    result.notional = prototype.baseNotional();
    result.finalYear = prototype.finalYear();
    result.base = prototype.baseMetrics();
    result.failedPaths = std::count(failed.begin(), failed.end(), 1);

    // Probabilities over all paths, in path order (so independent of the threads).
    std::int64_t breakEven = 0, withinTerm = 0, belowOne = 0, lossCount = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        const double year = columns.breakEvenYear[i];
        if (!std::isnan(year)) {
            ++breakEven;
            if (year <= result.finalYear) ++withinTerm;
        }
        if (columns.minDscr[i] < 1.0) ++belowOne;  // false for null
        if (columns.investorLoss[i] > 0.0) ++lossCount;
    }
    result.breakEvenWithinHorizon = share(breakEven, n);
    result.breakEvenWithinTerm = share(withinTerm, n);
    result.minDscrBelow1 = share(belowOne, n);
    result.investorLoss = share(lossCount, n);
    result.expectedInvestorLoss = scenario.rounding(finance::nonNullMean(columns.investorLoss).value_or(0.0));

    const std::vector<std::vector<double>*> byKey{&columns.projectNpv, &columns.projectIrr, &columns.npvAfterFinancing,
                                                 &columns.minDscr,    &columns.breakEvenYear, &columns.investorIrr};
    // Each metric's summary is independent of the others: spread them over the threads.
    const auto& keys = simulatedMetricKeys();
    result.metrics.resize(keys.size());
    finance::parallelFor(keys.size(), options.threads, [&](std::size_t m, std::size_t) {
        MetricDistribution& d = result.metrics[m];
        d.key = keys[m];
        d.histogram = finance::histogram(*byKey[m], 40, keys[m] == "break_even_year");
        d.percentiles = finance::percentiles(*byKey[m]);  // reorders the column: after the histogram
        if (metricKind(keys[m]) == ValueKind::Amount && d.percentiles.mean)
            d.percentiles.mean = scenario.rounding(*d.percentiles.mean);
    });
    if (result.failedPaths > 0)
        result.warnings.push_back(
            {"paths_failed", "/failed_paths", {countValue("failed_paths", static_cast<double>(result.failedPaths))}});
    return result;
}

}  // namespace itsb::scenarios
