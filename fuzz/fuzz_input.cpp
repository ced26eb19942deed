// Fuzz target: any bytes as an input file. Bad input must end in InputError (exit code 1 in
// the program); anything else escaping — a crash, a sanitizer report, another exception, a
// broken schedule invariant — is a finding.

#include "itsb/reports/run_report.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace itsb;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto scenario = scenarios::readScenario(text);
        const auto evaluation = scenarios::evaluate(scenario);
        const auto report = reports::jsonReport(evaluation, reports::ReportScope::Run);
        if (report.empty()) std::abort();
        // SPEC §9: the schedule clears the balance and reconciles on every row.
        const auto& rows = evaluation.schedule.rows;
        if (rows.empty() || rows.back().closingBalance != 0.0) std::abort();
    } catch (const scenarios::InputError&) {
        // bad input, reported by pointer: the expected outcome for most bytes
    }
    return 0;
}
