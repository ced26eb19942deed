#include "itsb/scenarios/model/scenario.hpp"

namespace itsb::scenarios {

Date BondSpec::scheduledMaturity() const {
    return issueDate.plusMonths(periods * finance::monthsPerPeriod(frequency));
}

}  // namespace itsb::scenarios
