#pragma once
// Savings and costs of the programme by year (SPEC §3), rounded as SPEC §9 says: gross
// savings once per year (the sum over service lines), running and one-off costs once per
// year (the sum over items).

#include "itsb/scenarios/scenario.hpp"

#include <vector>

namespace itsb::scenarios {

//! Share of a service line's steady-state saving reached in programme year k.
double rampFraction(const Ramp& ramp, Year k);

//! Columns indexed by year 0..H.
struct ProgrammeProjection {
    std::vector<Money> baselineExpenditure;  //!< rounded for display; 0 in year 0
    std::vector<Money> grossSavings;
    std::vector<Money> runningCosts;
    std::vector<Money> oneOffCosts;
    std::vector<Money> capitalOneOffCosts;  //!< the capital items alone, summed then rounded per year
    std::vector<Money> netSavings;          //!< gross savings - running costs

    Money totalOneOffCosts() const;
    Money totalCapitalOneOffCosts() const;
};

ProgrammeProjection projectProgramme(const Scenario& scenario);

}  // namespace itsb::scenarios
