#include "itsb/scenarios/io/reader.hpp"

// The default pilot of SPEC section 8, byte for byte: `itsb example` prints it and every
// command reads it when no file is given. examples/default_pilot.json holds the same bytes
// (a test compares them).

namespace itsb::scenarios {

namespace {

constexpr std::string_view kDefaultPilot = R"json({
  "itsb": 1,
  "name": "Default pilot: three-council back-office shared service",
  "description": "Three councils pool finance, HR, ICT and procurement; customer services follow a year later.",
  "currency": "GBP",
  "start_date": "2026-04-01",
  "horizon_years": 20,
  "programme": {
    "baseline_expenditure": 450000000,
    "expenditure_growth": 0.02,
    "service_lines": [
      {"name": "Back office", "addressable_share": 0.25, "saving_rate": 0.072,
       "ramp": {"delay_years": 0, "years_to_full": 3, "shape": "linear"}},
      {"name": "Customer services", "addressable_share": 0.10, "saving_rate": 0.05,
       "ramp": {"delay_years": 1, "years_to_full": 2, "shape": "linear"}}
    ],
    "savings_optimism_bias": 0.10,
    "one_off_costs": [
      {"name": "ICT consolidation", "year": 0, "amount": 9000000, "kind": "capital"},
      {"name": "Redundancy and change team", "year": 1, "amount": 4000000, "kind": "revenue"}
    ],
    "running_costs": [
      {"name": "Shared service management", "from_year": 1, "amount": 600000, "escalation": 0.02}
    ],
    "cost_optimism_bias": 0.20
  },
  "partners": [
    {"name": "Council A", "share": 0.5},
    {"name": "Council B", "share": 0.3},
    {"name": "Council C", "share": 0.2}
  ],
  "bond": {
    "notional": "fund_capital_costs",
    "size_rounding": 1000,
    "issue_date": "2026-04-01",
    "tenor_years": 15,
    "coupon": 0.048,
    "frequency": "semiannual",
    "day_count": "ACT/ACT(ICMA)",
    "calendar": "UnitedKingdom",
    "payment_convention": "following",
    "amortization": "annuity",
    "interest_only_years": 2,
    "capitalised_interest_years": 0,
    "issue_price": 100.0,
    "issuance_costs": {"percent": 0.005, "fixed": 75000},
    "annual_fees": 30000,
    "structure": "general_obligation"
  },
  "discounting": {"method": "green_book", "inflation": 0.0},
  "rounding": {"decimals": 2, "mode": "half_up"},
  "uncertainty": {
    "paths": 10000,
    "seed": 20260401,
    "saving_rate_factor": {"distribution": "triangular", "min": 0.5, "mode": 1.0, "max": 1.2},
    "delay_years": {"distribution": "discrete", "values": [0, 1, 2], "probabilities": [0.6, 0.3, 0.1]},
    "one_off_cost_factor": {"distribution": "pert", "min": 0.95, "mode": 1.0, "max": 1.6},
    "running_cost_factor": {"distribution": "fixed", "value": 1.0},
    "expenditure_growth": {"distribution": "normal", "mean": 0.02, "sd": 0.01}
  }
}
)json";

}  // namespace

std::string_view defaultPilotText() { return kDefaultPilot; }

}  // namespace itsb::scenarios
