#pragma once
// Pricing a proposed consortium as an invest-to-save bond (docs/MARKET.md, "Pricing"): the
// market place writes a complete itsb input (version 1) for the group — its members as partners,
// the programme built from their addressable spend and the saving rate for the group's size,
// one-off and running costs from the stated benchmarks of market/data/pricing.json, the bond
// sized to fund the capital costs — and evaluates it with the engine. The share rules split the
// group's NPV after financing between its members; the cost shares that deliver each split are
// written into the input.

#include "itsb/market/coalition.hpp"
#include "itsb/market/council_data.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace itsb::market {

enum class ShareRule { Equal, Spend, Shapley, Nucleolus };

//! "equal", "spend", "shapley", "nucleolus".
std::string_view name(ShareRule rule);
//! The rule with this name, or nullopt.
std::optional<ShareRule> shareRuleNamed(std::string_view name);

struct PricingOptions {
    RateCase rateCase = RateCase::Likely;
    //! `--set POINTER=VALUE` overrides applied to the written input of the group and of every
    //! sub-group (the benchmarks are overridable this way: /programme/cost_optimism_bias=0.3).
    std::vector<std::string> sets;
};

//! The engine's figures for one group's input, every member's savings and costs shared by spend.
struct GroupPrice {
    double annualSaving = 0.0;   //!< full-year saving at the group's rate: rate(n) x addressable spend
    double notional = 0.0;
    double npvAfterFinancing = 0.0;
    std::optional<int> breakEvenYear;
    std::optional<std::string> breakEvenFiscalYear;
    std::optional<double> projectIrr;
    double minDscr = 0.0;
};

//! The itsb input for a group of 2 to 6 councils (indices into data.councils()) sharing `service`,
//! savings and cost shares by addressable spend, before any override. Throws
//! std::invalid_argument for a group size or service the data cannot price.
nlohmann::json groupInput(const CouncilData& data, const std::vector<std::size_t>& members, std::string_view service,
                          RateCase rateCase = RateCase::Likely);

//! Writes and evaluates the group's input (with the overrides). Throws scenarios::InputError
//! when an override makes the input invalid.
GroupPrice priceGroup(const CouncilData& data, const std::vector<std::size_t>& members, std::string_view service,
                      const PricingOptions& options = {});

struct MemberShare {
    std::size_t council = 0;     //!< index into data.councils()
    double savingsShare = 0.0;   //!< its addressable spend over the group's
    double costShare = 0.0;      //!< what delivers `allocation` (written into the input)
    double allocation = 0.0;     //!< its part of the group's NPV after financing under the rule
    double shapley = 0.0;        //!< its Shapley value, shown beside every rule
    double npvAfterFinancing = 0.0;  //!< the engine's partner NPV after financing with these shares
};

struct PricedConsortium {
    std::vector<std::size_t> members;
    std::string service;
    ShareRule rule = ShareRule::Spend;
    nlohmann::json input;         //!< the complete input, cost shares by the rule
    GroupPrice price;             //!< the whole group's figures
    Game game;                    //!< every sub-group's NPV after financing (alone: 0)
    std::vector<MemberShare> shares;  //!< in the order of `members`
    std::vector<CoreViolation> coreViolations;  //!< of the rule's allocation; empty: in the core
};

//! Prices the group and splits its value by `rule`: 2^n - 1 engine evaluations (n <= 6).
PricedConsortium priceConsortium(const CouncilData& data, const std::vector<std::size_t>& members,
                                 std::string_view service, ShareRule rule, const PricingOptions& options = {});

}  // namespace itsb::market
