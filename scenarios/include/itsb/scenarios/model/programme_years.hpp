#pragma once
// Programme years (SPEC §2): year k is (start + (k-1) years, start + k years], year 0 is
// the start date itself; labels are UK financial years when the programme starts on 1 April.

#include "itsb/finance/date.hpp"
#include "itsb/finance/types.hpp"

#include <string>

namespace itsb::scenarios {

class ProgrammeYears {
  public:
    ProgrammeYears() = default;
    ProgrammeYears(finance::Date start, int horizonYears);

    int horizon() const { return horizon_; }
    finance::Date start() const { return start_; }
    //! End of year k (start + k years, clipped to month end as QuantLib adds years).
    finance::Date yearEnd(finance::Year k) const;
    //! The year a dated flow belongs to: 0 if on or before the start date, else the k whose
    //! period contains it; horizon + 1 when after the horizon.
    finance::Year yearOf(finance::Date d) const;
    //! "opening" for year 0; "2026/27" when the start is 1 April; else "START/END" in ISO dates.
    std::string label(finance::Year k) const;

  private:
    finance::Date start_;
    int horizon_ = 0;
};

}  // namespace itsb::scenarios
