#include "itsb/scenarios/engine/sampling.hpp"

#include <ql/errors.hpp>

namespace itsb::scenarios {

finance::Sampler makeSampler(const Distribution& distribution) {
    const Distribution& d = distribution;
    switch (d.kind) {
        case DistributionKind::Fixed: return finance::Sampler::fixed(d.value);
        case DistributionKind::Uniform: return finance::Sampler::uniform(d.min, d.max);
        case DistributionKind::Triangular: return finance::Sampler::triangular(d.min, d.mode, d.max);
        case DistributionKind::Pert: return finance::Sampler::pert(d.min, d.mode, d.max);
        case DistributionKind::Normal: return finance::Sampler::normal(d.mean, d.sd);
        case DistributionKind::Lognormal: return finance::Sampler::lognormal(d.mu, d.sigma);
        case DistributionKind::Discrete: return finance::Sampler::discrete(d.values, d.probabilities);
    }
    QL_FAIL("unknown distribution kind");
}

}  // namespace itsb::scenarios
