#pragma once
// The sampler of an input distribution (SPEC §8 `uncertainty`): the maths, streams and
// inverse CDFs, are in itsb/finance/sampling.hpp; this turns a Distribution as read from the
// input into one.

#include "itsb/finance/sampling.hpp"
#include "itsb/scenarios/model/scenario.hpp"

namespace itsb::scenarios {

//! The inverse-CDF sampler of `distribution`, of its kind with its parameters.
finance::Sampler makeSampler(const Distribution& distribution);

}  // namespace itsb::scenarios
