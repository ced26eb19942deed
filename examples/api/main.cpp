// itsb from a C++ program, without the command line: run the default pilot with the coupon set
// to 5 %, read a metric, and list the warnings by code. Built as `itsb_api_example`;
// `tests/check_api_example.py` checks that it prints what `itsb run` reports.
//
//   itsb_api_example [COUPON]

#include "itsb/api.hpp"
#include "itsb/reports/warning_text.hpp"

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    itsb::api::Request request;  // "run" on the built-in default pilot
    request.overrides = {{"/bond/coupon", argc > 1 ? argv[1] : "0.05"}};
    const auto result = itsb::api::call(request);
    if (!result.ok()) {
        std::cerr << (result.status == itsb::api::Status::UsageError ? result.usageError : "the input has problems") << "\n";
        for (const auto& problem : result.problems) std::cerr << "  " << problem.message() << "\n";
        return static_cast<int>(result.status);
    }
    char npv[64];
    std::snprintf(npv, sizeof npv, "%.2f", *result.metric("npv_after_financing"));
    std::cout << result.scenario->name << "\n"
              << "npv_after_financing " << npv << "\n";
    for (const auto& warning : result.warnings())
        std::cout << "warning " << warning.code << " " << warning.pointer << ": "
                  << itsb::reports::warningText(warning) << "\n";
    return 0;
}
