#pragma once
// The NLGN presets (SPEC §7): what sharing back offices delivers against what councils
// needed to save, each as a single service line on the whole baseline.

#include "itsb/scenarios/model/scenario.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsb::scenarios {

struct Preset {
    std::string name;             //!< e.g. "nlgn_likely"
    std::string description;      //!< where the rate comes from
    Rate savingRate = 0.0;        //!< of total expenditure, gross of savings_optimism_bias
    bool fullFromYearOne = false; //!< required_first_year_max: full from year 1, no delay
};

//! nlgn_likely (1.8 %), nlgn_best (3.6 %), required_median (5.8 %), required_first_year_max
//! (8.8 %, reached in year 1), in that order.
const std::vector<Preset>& presets();
std::optional<Preset> findPreset(std::string_view name);

//! The scenario with its service lines replaced by one line `Preset NAME` on the whole baseline
//! (addressable share 1) at the preset rate, with the ramp of the proposal's first service line
//! (or full from year 1, no delay, for required_first_year_max); everything else kept, the
//! bond's sizing rule included (it is re-applied when the scenario is evaluated).
Scenario applyPreset(const Scenario& scenario, const Preset& preset);

}  // namespace itsb::scenarios
