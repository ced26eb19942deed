#include "itsb/scenarios/model/programme_years.hpp"

#include <cstdio>

namespace itsb::scenarios {

ProgrammeYears::ProgrammeYears(finance::Date start, int horizonYears) : start_(start), horizon_(horizonYears) {}

finance::Date ProgrammeYears::yearEnd(finance::Year k) const { return start_.plusYears(k); }

finance::Year ProgrammeYears::yearOf(finance::Date d) const {
    if (d <= start_) return 0;
    // Start near the calendar-year difference and walk to the period (end-1y, end].
    finance::Year k = std::max(1, d.year() - start_.year());
    while (k > 1 && d <= yearEnd(k - 1)) --k;
    while (d > yearEnd(k)) ++k;
    return k;
}

std::string ProgrammeYears::label(finance::Year k) const {
    if (k == 0) return "opening";
    if (start_.month() == 4 && start_.day() == 1) {
        const int first = start_.year() + k - 1;
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%04d/%02d", first, (first + 1) % 100);
        return buffer;
    }
    return yearEnd(k - 1).iso() + "/" + yearEnd(k).iso();
}

}  // namespace itsb::scenarios
