// Random streams and inverse-CDF samplers of the uncertainty block (SPEC §8). Expected numbers
// come from closed forms, Python's random module (the reference MT19937) and Boost's ibeta_inv;
// sample statistics are checked within 4 standard errors, which a correct sampler misses with
// probability 6e-5 (the seeds are fixed, so the outcome is too).

#include "itsb/scenarios/engine/sampling.hpp"

#include <doctest/doctest.h>

#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

using namespace itsb::scenarios;
using itsb::finance::blockSeed;
using itsb::finance::Sampler;
using itsb::finance::UniformStream;

namespace {

constexpr double kTwoTo32 = 4294967296.0;

Distribution fixedAt(double value) {
    Distribution d;
    d.kind = DistributionKind::Fixed;
    d.value = value;
    return d;
}

Distribution uniform(double min, double max) {
    Distribution d;
    d.kind = DistributionKind::Uniform;
    d.min = min;
    d.max = max;
    return d;
}

Distribution withMode(DistributionKind kind, double min, double mode, double max) {
    Distribution d;
    d.kind = kind;
    d.min = min;
    d.mode = mode;
    d.max = max;
    return d;
}

Distribution normal(double mean, double sd) {
    Distribution d;
    d.kind = DistributionKind::Normal;
    d.mean = mean;
    d.sd = sd;
    return d;
}

Distribution lognormal(double mu, double sigma) {
    Distribution d;
    d.kind = DistributionKind::Lognormal;
    d.mu = mu;
    d.sigma = sigma;
    return d;
}

Distribution discrete(std::vector<double> values, std::vector<double> probabilities) {
    Distribution d;
    d.kind = DistributionKind::Discrete;
    d.values = std::move(values);
    d.probabilities = std::move(probabilities);
    return d;
}

// PERT's Beta exponents (λ = 4).
struct BetaShape {
    double alpha, beta;
};
BetaShape pertShape(double min, double mode, double max) {
    return {1.0 + 4.0 * (mode - min) / (max - min), 1.0 + 4.0 * (max - mode) / (max - min)};
}

std::vector<double> draw(const Sampler& sampler, std::uint64_t seed, int n) {
    UniformStream stream(seed);
    std::vector<double> out(static_cast<std::size_t>(n));
    for (double& x : out) x = sampler(stream.next());
    return out;
}

double sampleMean(const std::vector<double>& xs) {
    double sum = 0.0;
    for (double x : xs) sum += x;
    return sum / static_cast<double>(xs.size());
}

// The sample mean of n draws has standard error sd / sqrt(n).
void checkMean(const std::vector<double>& xs, double mean, double variance) {
    const double standardError = std::sqrt(variance / static_cast<double>(xs.size()));
    CHECK(std::abs(sampleMean(xs) - mean) <= 4.0 * standardError);
}

// The number of draws at or below the true p-quantile q is Binomial(n, p): within
// 4 sqrt(n p (1 - p)) of n p. This is the sampling error of the empirical quantile, stated in
// probability, where it needs no density.
void checkQuantile(const std::vector<double>& xs, double p, double q) {
    const double n = static_cast<double>(xs.size());
    const auto below = static_cast<double>(std::count_if(xs.begin(), xs.end(), [q](double x) { return x <= q; }));
    CHECK(std::abs(below - n * p) <= 4.0 * std::sqrt(n * p * (1.0 - p)));
}

constexpr int kDraws = 200000;
constexpr std::uint64_t kSeed = 20260401;

}  // namespace

TEST_CASE("sampling: UniformStream is MT19937 seeded like Python's random.seed") {
    // Python: random.seed(s); [random.getrandbits(32) for _ in range(3)]; u = (k + 0.5) / 2^32
    struct Case {
        std::uint64_t seed;
        double k[3];
    };
    const Case cases[] = {
        {0, {3626764237.0, 1654615998.0, 3255389356.0}},
        {20260401, {3761730430.0, 107668586.0, 3391228773.0}},
        {0x123456789ABCDEFu, {3851240871.0, 1496727489.0, 1688815724.0}},  // two 32-bit key words
    };
    for (const auto& c : cases) {
        UniformStream stream(c.seed);
        for (double k : c.k) CHECK(stream.next() == (k + 0.5) / kTwoTo32);
    }
}

TEST_CASE("sampling: UniformStream is reproducible and never returns 0 or 1") {
    UniformStream a(kSeed), b(kSeed), other(kSeed + 1);
    double lowest = 1.0, highest = 0.0;
    int differ = 0, sameAsOther = 0;
    for (int i = 0; i < 1000000; ++i) {
        const double u = a.next();
        if (b.next() != u) ++differ;
        if (other.next() == u) ++sameAsOther;
        lowest = std::min(lowest, u);
        highest = std::max(highest, u);
    }
    CHECK(differ == 0);
    // (k + 0.5) / 2^32 for k in [0, 2^32 - 1]: at least 2^-33 from either end.
    CHECK(lowest >= 0.5 / kTwoTo32);
    CHECK(highest <= 1.0 - 0.5 / kTwoTo32);
    // Independent streams agree on a draw with probability 2^-32 each.
    CHECK(sameAsOther <= 1);

    UniformStream moved(std::move(a));
    CHECK(moved.next() == b.next());
}

TEST_CASE("sampling: blockSeed is SplitMix64 of the seed, then of the block") {
    // Python: mix = SplitMix64's finaliser; s = mix(seed + γ); blockSeed = mix(s + (block + 1) γ)
    // (mix(γ) = 0xE220A8397B1DCDAF is the first output of Vigna's splitmix64.c seeded with 0).
    CHECK(blockSeed(0, 0) == 0xA706DD2F4D197E6Fu);
    CHECK(blockSeed(0, 1) == 0xB382A305F4414F5Eu);
    CHECK(blockSeed(20260401, 0) == 0x4376603C08E11348u);
    CHECK(blockSeed(20260401, 7) == 0x390DA8BFB31E83B1u);
    // Python: random.seed(0x390DA8BFB31E83B1); random.getrandbits(32) -> 59023074, 1178133553
    UniformStream stream(blockSeed(20260401, 7));
    CHECK(stream.next() == (59023074.0 + 0.5) / kTwoTo32);
    CHECK(stream.next() == (1178133553.0 + 0.5) / kTwoTo32);
}

TEST_CASE("sampling: blocks get distinct streams, the same block the same stream") {
    std::set<std::uint64_t> seeds;
    std::set<double> firstDraws;
    for (std::uint64_t block = 0; block < 1000; ++block) {
        seeds.insert(blockSeed(kSeed, block));
        firstDraws.insert(UniformStream(blockSeed(kSeed, block)).next());
        CHECK(blockSeed(kSeed, block) == blockSeed(kSeed, block));
    }
    CHECK(seeds.size() == 1000);       // guaranteed: a bijection of distinct inputs
    CHECK(firstDraws.size() == 1000);  // 1000 draws of 2^32 collide with probability 1e-4

    UniformStream again(blockSeed(kSeed, 3)), same(blockSeed(kSeed, 3));
    int differ = 0;
    for (int i = 0; i < 10000; ++i)
        if (again.next() != same.next()) ++differ;
    CHECK(differ == 0);
    // Neighbouring seeds do not share blocks shifted by one.
    CHECK(blockSeed(kSeed + 1, 0) != blockSeed(kSeed, 1));
}

TEST_CASE("sampling: fixed and degenerate distributions give their value") {
    const double us[] = {1e-12, 0.25, 0.5, 0.999};
    struct Case {
        Distribution d;
        double value;
    };
    const Case cases[] = {
        {fixedAt(1.25), 1.25},
        {uniform(0.7, 0.7), 0.7},
        {withMode(DistributionKind::Triangular, 2.0, 2.0, 2.0), 2.0},
        {withMode(DistributionKind::Pert, -1.0, -1.0, -1.0), -1.0},
        {normal(0.02, 0.0), 0.02},
        {lognormal(0.1, 0.0), std::exp(0.1)},
        {discrete({3.0}, {1.0}), 3.0},
        {discrete({4.0, 4.0, 9.0}, {0.5, 0.5, 0.0}), 4.0},  // 9 has no probability
    };
    for (const auto& c : cases) {
        const Sampler sampler = makeSampler(c.d);
        CHECK(sampler.isFixed());
        CHECK(sampler.mean() == c.value);
        for (double u : us) CHECK(sampler(u) == c.value);
    }
    CHECK_FALSE(makeSampler(uniform(0.0, 1.0)).isFixed());
    CHECK_FALSE(makeSampler(discrete({1.0, 2.0}, {0.5, 0.5})).isFixed());
}

TEST_CASE("sampling: quantiles at given u against closed forms") {
    // uniform: min + u (max - min), 2 + 0.25 x 3 exactly
    CHECK(makeSampler(uniform(2.0, 5.0))(0.25) == 2.75);

    // triangular (0.5, 1.0, 1.2): F(mode) = 0.5 / 0.7. Median below the mode:
    // 0.5 + sqrt(0.5 x 0.7 x 0.5) = 0.5 + sqrt(0.175); u = 0.9 above it: 1.2 - sqrt(0.1 x 0.7 x 0.2).
    // Both to a few ulps of a square root.
    const Sampler triangular = makeSampler(withMode(DistributionKind::Triangular, 0.5, 1.0, 1.2));
    CHECK(std::abs(triangular(0.5) - 0.91833001326703778) < 1e-15);
    CHECK(std::abs(triangular(0.9) - 1.0816784043380077) < 1e-15);
    CHECK(std::abs(triangular(0.5 / 0.7) - 1.0) < 1e-15);  // the mode at F(mode)

    // normal: Φ⁻¹(0.95) = 1.6448536269514722 and Φ⁻¹(0.975) = 1.959963984540054 (R's qnorm);
    // QuantLib's approximation has relative error below 1.15e-9, so 2e-9 of the z-score times sd.
    const Sampler growth = makeSampler(normal(0.02, 0.01));
    CHECK(std::abs(growth(0.95) - (0.02 + 0.01 * 1.6448536269514722)) < 2e-9 * 1.645 * 0.01);
    CHECK(std::abs(growth(0.975) - (0.02 + 0.01 * 1.959963984540054)) < 2e-9 * 1.96 * 0.01);
    CHECK(growth(0.5) == 0.02);  // Φ⁻¹(1/2) = 0 exactly in the rational approximation

    // lognormal: the median is exp(mu), exactly since Φ⁻¹(1/2) = 0
    CHECK(makeSampler(lognormal(-0.3, 0.4))(0.5) == std::exp(-0.3));

    // PERT median against Boost's ibeta_inv, to the table's 1e-12 of the range
    const auto shape = pertShape(0.95, 1.0, 1.6);
    const double median = 0.95 + 0.65 * boost::math::ibeta_inv(shape.alpha, shape.beta, 0.5);
    CHECK(std::abs(makeSampler(withMode(DistributionKind::Pert, 0.95, 1.0, 1.6))(0.5) - median) < 1e-12 * 0.65);
}

TEST_CASE("sampling: discrete takes the first value whose cumulative probability reaches u") {
    const Sampler delay = makeSampler(discrete({0.0, 1.0, 2.0}, {0.6, 0.3, 0.1}));
    CHECK(delay(0.3) == 0.0);
    CHECK(delay(0.6) == 0.0);  // cumulative 0.6 >= 0.6
    CHECK(delay(0.6000001) == 1.0);
    CHECK(delay(0.85) == 1.0);
    CHECK(delay(0.95) == 2.0);
    CHECK(delay(1.0 - 1e-12) == 2.0);
    CHECK(std::abs(delay.mean() - 0.5) < 1e-15);  // 0 x 0.6 + 1 x 0.3 + 2 x 0.1

    // Probabilities summing to 1 - 1e-9 (the reader's tolerance): the last value takes the rest.
    const Sampler shortfall = makeSampler(discrete({1.0, 2.0}, {0.5, 0.5 - 1e-9}));
    CHECK(shortfall(1.0 - 1e-10) == 2.0);
    CHECK(shortfall.mean() == 1.5);  // drawn with 0.5 and 0.5
    // A zero probability is never drawn, even at its own cumulative sum.
    const Sampler gap = makeSampler(discrete({1.0, 5.0, 2.0, 7.0}, {0.5, 0.0, 0.5, 0.0}));
    CHECK(gap(0.5) == 1.0);
    CHECK(gap(0.5000001) == 2.0);
    CHECK(gap(1.0 - 1e-12) == 2.0);
}

TEST_CASE("sampling: discrete with many values equals the plain search, at every boundary") {
    // 37 values with uneven probabilities (some zero), normalised so they sum to 1 within 1e-15.
    UniformStream stream(blockSeed(kSeed, 999));
    std::vector<double> values, probabilities;
    double total = 0.0;
    for (int i = 0; i < 37; ++i) {
        values.push_back(10.0 * i);
        const double w = i % 7 == 3 ? 0.0 : stream.next() * stream.next();
        probabilities.push_back(w);
        total += w;
    }
    for (double& p : probabilities) p /= total;
    const Sampler sampler = makeSampler(discrete(values, probabilities));
    // The definition: the first value whose cumulative probability (summed in order) is >= u;
    // past the last cumulative sum, the last value with a positive probability.
    auto plain = [&](double u) {
        double cumulative = 0.0;
        std::size_t last = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (probabilities[i] > 0.0) last = i;
            cumulative += probabilities[i];
            if (i + 1 < values.size() && cumulative >= u) return values[i];
        }
        return values[last];
    };
    std::vector<double> us;
    double cumulative = 0.0;
    for (double p : probabilities) {
        cumulative += p;
        for (double u : {std::nextafter(cumulative, 0.0), cumulative, std::nextafter(cumulative, 1.0)})
            if (u > 0.0 && u < 1.0) us.push_back(u);
    }
    for (int j = 1; j < 64; ++j) us.push_back(j / 64.0);  // bucket edges of the guide table
    for (int i = 0; i < 100000; ++i) us.push_back(stream.next());
    int differ = 0;
    for (double u : us)
        if (sampler(u) != plain(u)) ++differ;
    CHECK(differ == 0);
}

TEST_CASE("sampling: PERT table against ibeta_inv on a dense grid, tails included") {
    // The table's largest error measured over every shape is 1.6e-13 of the range (sampling.cpp);
    // 1e-12 leaves room for the reference's own error (a few 1e-16).
    std::vector<double> us;
    for (int i = 0; i < 4000; ++i) us.push_back((i + 0.5) / 4000.0);
    for (double k = 1.0; k <= 30.0; k += 0.25) us.push_back(std::pow(10.0, -k));      // ibeta_inv's range
    for (double k = 1.0; k <= 15.9; k += 0.1) us.push_back(1.0 - std::pow(10.0, -k));
    us.push_back(0.5 / kTwoTo32);  // the stream's extremes
    us.push_back(1.0 - 0.5 / kTwoTo32);
    for (double edge : {1.0 / 16.0, 15.0 / 16.0}) {  // where the tail tables meet the centre
        for (double step : {-1e-9, -1e-16, 0.0, 1e-16, 1e-9}) us.push_back(edge + step);
    }
    struct Shape {
        double min, mode, max;
    };
    const Shape shapes[] = {
        {0.0, 0.0, 1.0},           // α = 1, β = 5: finite slope at min
        {0.0, 1.0, 1.0},           // α = 5, β = 1: quantile ~ u^(1/5) near 0
        {0.0, 0.5, 1.0},           // α = β = 3
        {0.95, 1.0, 1.6},          // SPEC's one_off_cost_factor
        {-3.0, -2.9, 7.0},         // α = 1.04
        {100.0, 100.0001, 101.0},  // α = 1.0004, just off the end
        {0.5, 1.0, 1.2},           // SPEC's saving_rate_factor, as PERT
    };
    for (const auto& s : shapes) {
        const Sampler sampler = makeSampler(withMode(DistributionKind::Pert, s.min, s.mode, s.max));
        const auto shape = pertShape(s.min, s.mode, s.max);
        const double range = s.max - s.min;
        double worst = 0.0;
        for (double u : us) {
            const double exact = s.min + range * boost::math::ibeta_inv(shape.alpha, shape.beta, u);
            worst = std::max(worst, std::abs(sampler(u) - exact));
        }
        INFO("pert(" << s.min << ", " << s.mode << ", " << s.max << ") worst error " << worst);
        CHECK(worst < 1e-12 * range);
    }
}

TEST_CASE("sampling: sample means match the closed forms within 4 standard errors") {
    struct Case {
        const char* name;
        Distribution d;
        double mean, variance;
    };
    const auto pert = pertShape(0.95, 1.0, 1.6);
    const double sigma2 = 0.25 * 0.25;
    const Case cases[] = {
        // (a + b) / 2, (b - a)^2 / 12
        {"uniform", uniform(2.0, 5.0), 3.5, 9.0 / 12.0},
        // (a + c + b) / 3, (a² + b² + c² - ab - ac - bc) / 18 = 0.39 / 18
        {"triangular", withMode(DistributionKind::Triangular, 0.5, 1.0, 1.2), 2.7 / 3.0, 0.39 / 18.0},
        // (a + 4c + b) / 6; Beta variance αβ / ((α + β)² (α + β + 1)) = αβ / 252, times the range²
        {"pert", withMode(DistributionKind::Pert, 0.95, 1.0, 1.6), (0.95 + 4.0 + 1.6) / 6.0,
         pert.alpha * pert.beta / 252.0 * 0.65 * 0.65},
        {"normal", normal(0.02, 0.01), 0.02, 1e-4},
        // exp(μ + σ²/2), (exp(σ²) - 1) exp(2μ + σ²)
        {"lognormal", lognormal(0.0, 0.25), std::exp(0.5 * sigma2), std::expm1(sigma2) * std::exp(sigma2)},
        // Σ p v = 0.5, Σ p v² - 0.25 = 0.45
        {"discrete", discrete({0.0, 1.0, 2.0}, {0.6, 0.3, 0.1}), 0.5, 0.45},
    };
    std::uint64_t block = 0;
    for (const auto& c : cases) {
        INFO(c.name);
        const Sampler sampler = makeSampler(c.d);
        CHECK_FALSE(sampler.isFixed());
        CHECK(std::abs(sampler.mean() - c.mean) <= 1e-15 * std::abs(c.mean));
        checkMean(draw(sampler, blockSeed(kSeed, block++), kDraws), c.mean, c.variance);
    }
}

TEST_CASE("sampling: empirical quantiles match the closed forms within the binomial error") {
    std::uint64_t block = 100;
    {
        const auto xs = draw(makeSampler(uniform(2.0, 5.0)), blockSeed(kSeed, block++), kDraws);
        for (double p : {0.05, 0.5, 0.95}) checkQuantile(xs, p, 2.0 + 3.0 * p);
    }
    {
        const auto xs = draw(makeSampler(withMode(DistributionKind::Triangular, 0.5, 1.0, 1.2)), blockSeed(kSeed, block++), kDraws);
        checkQuantile(xs, 0.5, 0.5 + std::sqrt(0.175));
        checkQuantile(xs, 0.9, 1.2 - std::sqrt(0.014));
    }
    {
        const auto xs = draw(makeSampler(normal(0.02, 0.01)), blockSeed(kSeed, block++), kDraws);
        checkQuantile(xs, 0.95, 0.02 + 1.6448536 * 0.01);
        checkQuantile(xs, 0.5, 0.02);
    }
    {
        const auto xs = draw(makeSampler(lognormal(0.0, 0.25)), blockSeed(kSeed, block++), kDraws);
        checkQuantile(xs, 0.5, 1.0);  // exp(μ)
    }
    {
        const auto shape = pertShape(0.95, 1.0, 1.6);
        const auto xs = draw(makeSampler(withMode(DistributionKind::Pert, 0.95, 1.0, 1.6)), blockSeed(kSeed, block++), kDraws);
        for (double p : {0.05, 0.5, 0.95})
            checkQuantile(xs, p, 0.95 + 0.65 * boost::math::ibeta_inv(shape.alpha, shape.beta, p));
    }
    {
        // Each value's frequency is Binomial(n, p).
        const auto xs = draw(makeSampler(discrete({0.0, 1.0, 2.0}, {0.6, 0.3, 0.1})), blockSeed(kSeed, block++), kDraws);
        const double probabilities[] = {0.6, 0.3, 0.1};
        for (int v = 0; v < 3; ++v) {
            const double p = probabilities[v];
            const auto hits = static_cast<double>(std::count(xs.begin(), xs.end(), static_cast<double>(v)));
            CHECK(std::abs(hits - kDraws * p) <= 4.0 * std::sqrt(kDraws * p * (1.0 - p)));
        }
    }
}
