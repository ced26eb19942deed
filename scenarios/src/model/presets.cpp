#include "itsb/scenarios/model/presets.hpp"

namespace itsb::scenarios {

const std::vector<Preset>& presets() {
    static const std::vector<Preset> all{
        {"nlgn_likely", "NLGN 2011: sharing back offices realistically saves 1.8 % of expenditure", 0.018, false},
        {"nlgn_best", "NLGN 2011: sharing back offices saves 3.6 % of expenditure at best", 0.036, false},
        {"required_median", "NLGN 2011: the median council needed to save 5.8 % in the first year", 0.058, false},
        {"required_first_year_max", "NLGN 2011: some councils needed 8.8 %, in the first year", 0.088, true},
    };
    return all;
}

std::optional<Preset> findPreset(std::string_view name) {
    for (const auto& p : presets())
        if (p.name == name) return p;
    return std::nullopt;
}

Scenario applyPreset(const Scenario& scenario, const Preset& preset) {
    Scenario out = scenario;
    ServiceLine line;
    line.name = "Preset " + preset.name;
    line.addressableShare = 1.0;
    line.savingRate = preset.savingRate;
    if (!preset.fullFromYearOne && !scenario.programme.serviceLines.empty())
        line.ramp = scenario.programme.serviceLines.front().ramp;
    out.programme.serviceLines = {line};
    return out;
}

}  // namespace itsb::scenarios
