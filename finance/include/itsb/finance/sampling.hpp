#pragma once
// Random numbers for a Monte Carlo (the uncertainty block of SPEC §8): a reproducible stream
// of uniforms per block of paths, and the inverse-CDF transform of each distribution. "The same seed gives the same result on any machine and with any number of
// threads" rests on three things here: the stream is the reference MT19937, turned into
// draws by our own inverse CDFs (the standard library's distributions differ between
// implementations); each block of paths has its own stream derived from (seed, block) alone;
// and a draw is a pure function of its uniform.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace itsb::finance {

//! A deterministic stream of uniforms in the open interval (0, 1).
/*! QuantLib's MersenneTwisterUniformRng seeded through init_by_array with the seed's 32-bit
    words, least significant first, as many as the seed needs (at least one): the reference
    MT19937 seeding, the one Python's random.seed(seed) also uses, so an auditor can replay a
    stream. Each uniform is (k + 0.5) / 2^32 for the next 32-bit output k: never 0 or 1, at
    least 2^-33 from either end.

    \note QuantLib's single-number constructor is not used: it keeps only the low 32 bits of
          the seed and treats 0 (the default seed) as "seed from the clock".
*/
class UniformStream {
  public:
    explicit UniformStream(std::uint64_t seed);
    UniformStream(UniformStream&&) noexcept;
    UniformStream& operator=(UniformStream&&) noexcept;
    ~UniformStream();

    double next();

  private:
    struct Engine;  //!< the generator, kept in sampling.cpp
    std::unique_ptr<Engine> engine_;
};

//! The seed of the stream of block `block` of paths of a run seeded with `seed`.
/*! With s = splitMix64(seed + γ), the result is splitMix64(s + (block + 1) γ), γ =
    0x9E3779B97F4A7C15 and splitMix64 the SplitMix64 finaliser (Steele, Lea, Flood 2014):
    the (block + 1)-th output of a SplitMix64 generator started at the first output of one
    started at `seed`. The finaliser is a bijection, so distinct blocks of one run always get
    distinct seeds; the result depends on (seed, block) alone, not on which thread runs the
    block. */
std::uint64_t blockSeed(std::uint64_t seed, std::uint64_t block);

//! The inverse-CDF transform of one distribution (SPEC §8), precomputed once.
/*! A call is cheap, allocation-free and const, so one Sampler may serve every thread.

    - fixed: the value; uniform: min + u (max - min);
    - triangular: the closed-form inverse;
    - pert: Beta(α, β) on [min, max], α = 1 + 4 (mode - min) / (max - min),
      β = 1 + 4 (max - mode) / (max - min), interpolated in a table of exact quantiles that
      the constructor builds (about 10 ms, 80 KB; error below 2e-13 of max - min, see
      sampling.cpp);
    - normal: mean + sd Φ⁻¹(u), lognormal: exp(mu + sigma Φ⁻¹(u)), with QuantLib's
      InverseCumulativeNormal (Acklam's approximation, relative error below 1.15e-9);
    - discrete: the first value whose cumulative probability (summed in input order, in
      double) is at least u; the last value with a positive probability takes whatever the
      earlier ones leave (they sum to 1 only within 1e-9), later ones are never drawn.

    A distribution that cannot vary (min = max, sd = 0, sigma = 0, a single drawable value)
    becomes fixed: isFixed(), and its value for every u. */
class Sampler {
  public:
    static Sampler fixed(double value);
    static Sampler uniform(double min, double max);                   //!< min <= max
    static Sampler triangular(double min, double mode, double max);   //!< min <= mode <= max
    static Sampler pert(double min, double mode, double max);         //!< min <= mode <= max
    static Sampler normal(double mean, double sd);                    //!< sd >= 0
    static Sampler lognormal(double mu, double sigma);                //!< of the log; sigma >= 0
    //! As many probabilities as values, at least one of them positive.
    static Sampler discrete(std::span<const double> values, std::span<const double> probabilities);

    //! The quantile at u, for u in (0, 1).
    double operator()(double u) const;
    //! The mean in closed form.
    double mean() const { return mean_; }
    //! True when every u gives the same value (then it is the fixed kind inside).
    bool isFixed() const { return kind_ == Kind::Fixed; }

  private:
    enum class Kind { Fixed, Uniform, Triangular, Pert, Normal, Lognormal, Discrete };

    explicit Sampler(Kind kind) : kind_(kind) {}
    void fixAt(double value);
    double pertQuantile(double u) const;
    double discreteQuantile(double u) const;

    Kind kind_;
    double location_ = 0.0;  //!< the fixed value, min, mean or mu
    double scale_ = 0.0;     //!< max - min, sd or sigma
    double upper_ = 0.0;     //!< max
    double mean_ = 0.0;
    // triangular: F(mode), (max - min)(mode - min) and (max - min)(max - mode)
    double modeProbability_ = 0.0, lowerArea_ = 0.0, upperArea_ = 0.0;
    // pert: 1/α, 1/β and the knots of the quantile tables (see sampling.cpp)
    double inverseAlpha_ = 0.0, inverseBeta_ = 0.0;
    std::vector<double> knots_;
    // discrete: the values that can be drawn, their cumulative probabilities (+inf for the last)
    // and where to start the search for u in each of guide_.size() equal buckets
    std::vector<double> values_, cumulative_;
    std::vector<std::uint32_t> guide_;
};

}  // namespace itsb::finance
