#pragma once
// Private to scenarios/src: evaluate() in its two steps, for callers that evaluate many
// scenarios sharing what does not change between them (a sensitivity grid keeps the bond's
// dates, and the projection and notional along an axis that does not move them). Every figure
// is evaluate()'s own: these are its steps, not a copy of them.

#include "bond_build.hpp"

#include "itsb/scenarios/engine/evaluate.hpp"

#include <vector>

namespace itsb::scenarios::detail {

//! The notional by the scenario's rule and the costs a fund_* rule covered.
struct ResolvedNotional {
    Money notional = 0.0;
    Money fundedCosts = 0.0;
};

//! resolveNotional, a schedule that cannot be built an InputError naming its period, as
//! evaluate() reports it.
ResolvedNotional resolveNotionalOf(const BondContext& context);

//! evaluate(*context.scenario, options), given the scenario's bond context
//! (makeBondContext), discount factors (finance::discountFactors over the horizon) and
//! notional (resolveNotionalOf).
Evaluation evaluateWith(const BondContext& context, const std::vector<double>& discountFactors,
                        const ResolvedNotional& notional, const EvaluateOptions& options);

}  // namespace itsb::scenarios::detail
