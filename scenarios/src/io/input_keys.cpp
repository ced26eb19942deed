#include "input_keys.hpp"

namespace itsb::scenarios::detail {

Keys distributionKeys(DistributionKind kind) {
    switch (kind) {
        case DistributionKind::Fixed: return kFixedKeys;
        case DistributionKind::Uniform: return kUniformKeys;
        case DistributionKind::Triangular:
        case DistributionKind::Pert: return kModeKeys;
        case DistributionKind::Normal: return kNormalKeys;
        case DistributionKind::Lognormal: return kLognormalKeys;
        case DistributionKind::Discrete: return kDiscreteKeys;
    }
    return kFixedKeys;
}

}  // namespace itsb::scenarios::detail
