#pragma once
// The hand scenario several tests work out on paper (tests/test_evaluation.cpp shows the sums).

namespace itsb::test {

// Small enough to do by hand: 3 years, savings 100,000 a year from year 1, running costs
// 10,000, a 150,000 capital cost in year 0 funded by a 2-year annual EIP bond at 5 % with
// 1,000 annual fees, discounted flat at 10 %.
inline constexpr const char* kHand = R"({
  "itsb": 1, "name": "hand", "start_date": "2026-04-01", "horizon_years": 3,
  "programme": {
    "baseline_expenditure": 1000000,
    "service_lines": [{"name": "all", "addressable_share": 1, "saving_rate": 0.1}],
    "one_off_costs": [{"name": "kit", "year": 0, "amount": 150000}],
    "running_costs": [{"name": "run", "from_year": 1, "amount": 10000}]
  },
  "partners": [{"name": "P", "savings_share": 0.6, "cost_share": 0.5},
               {"name": "Q", "savings_share": 0.4, "cost_share": 0.5}],
  "bond": {"notional": 150000, "tenor_years": 2, "coupon": 0.05, "frequency": "annual",
           "calendar": "NullCalendar", "amortization": "level_principal", "annual_fees": 1000},
  "discounting": {"method": "flat", "rate": 0.10}
})";

}  // namespace itsb::test
