#pragma once
// Private to scenarios/src: what an input file may contain, as lists. The keys each object
// accepts (any other key is reported as unknown) and the choices of every enum, in the order
// the messages list them; the spellings come from name().

#include "itsb/scenarios/model/scenario.hpp"

#include <array>
#include <span>
#include <string_view>

namespace itsb::scenarios::detail {

using Keys = std::span<const std::string_view>;

inline constexpr std::array<std::string_view, 13> kTopKeys{
    "itsb",      "name",     "description", "currency",    "start_date", "horizon_years",
    "programme", "partners", "bond",        "discounting", "rounding",   "uncertainty", "council_finance"};
inline constexpr std::array<std::string_view, 7> kProgrammeKeys{
    "baseline_expenditure", "expenditure_growth", "service_lines",     "savings_optimism_bias",
    "one_off_costs",        "running_costs",      "cost_optimism_bias"};
inline constexpr std::array<std::string_view, 4> kServiceLineKeys{"name", "addressable_share", "saving_rate", "ramp"};
inline constexpr std::array<std::string_view, 4> kRampKeys{"delay_years", "years_to_full", "shape", "fractions"};
inline constexpr std::array<std::string_view, 5> kOneOffKeys{"name", "year", "amount", "kind",
                                                                "asset_life_years"};
inline constexpr std::array<std::string_view, 4> kRunningKeys{"name", "from_year", "amount", "escalation"};
inline constexpr std::array<std::string_view, 6> kPartnerKeys{"name",       "share",
                                                              "savings_share", "cost_share",
                                                              "net_revenue_stream", "tax_base"};
inline constexpr std::array<std::string_view, 19> kBondKeys{
    "notional",       "size_rounding",      "issue_date",          "tenor_years",
    "maturity",       "coupon",             "frequency",           "day_count",
    "calendar",       "payment_convention", "amortization",        "interest_only_years",
    "capitalised_interest_years",           "issue_price",         "issuance_costs",
    "annual_fees",    "structure",          "savings_linked",      "reserve_months"};
inline constexpr std::array<std::string_view, 1> kSizingKeys{"target_min_dscr"};
inline constexpr std::array<std::string_view, 2> kCouponKeys{"gilt_yield", "margin"};
inline constexpr std::array<std::string_view, 2> kCustomKeys{"custom", "custom_fractions"};
inline constexpr std::array<std::string_view, 2> kIssuanceKeys{"percent", "fixed"};
inline constexpr std::array<std::string_view, 3> kSavingsLinkedKeys{"savings_share", "council_guarantee",
                                                                    "cap_multiple"};
inline constexpr std::array<std::string_view, 4> kDiscountingKeys{"method", "inflation", "rate", "points"};
inline constexpr std::array<std::string_view, 2> kRoundingKeys{"decimals", "mode"};
inline constexpr std::array<std::string_view, 7> kUncertaintyKeys{
    "paths", "seed", "saving_rate_factor", "delay_years", "one_off_cost_factor", "running_cost_factor",
    "expenditure_growth"};

inline constexpr std::array<std::string_view, 7> kCouncilFinanceKeys{
    "jurisdiction", "mrp", "funding", "net_revenue_stream", "tax_base", "pwlb", "max_financing_cost_ratio"};
inline constexpr std::array<std::string_view, 4> kMrpKeys{"method", "asset_life_years", "annuity_rate", "start"};
inline constexpr std::array<std::string_view, 3> kFundingKeys{"source", "cost", "amount"};
inline constexpr std::array<std::string_view, 2> kRevenueStreamKeys{"amount", "growth"};
inline constexpr std::array<std::string_view, 2> kPwlbKeys{"gilt_yield", "rate_type"};

inline constexpr std::array<std::string_view, 2> kFixedKeys{"distribution", "value"};
inline constexpr std::array<std::string_view, 3> kUniformKeys{"distribution", "min", "max"};
inline constexpr std::array<std::string_view, 4> kModeKeys{"distribution", "min", "mode", "max"};
inline constexpr std::array<std::string_view, 3> kNormalKeys{"distribution", "mean", "sd"};
inline constexpr std::array<std::string_view, 3> kLognormalKeys{"distribution", "mu", "sigma"};
inline constexpr std::array<std::string_view, 3> kDiscreteKeys{"distribution", "values", "probabilities"};

//! The keys of a distribution object of the given kind.
Keys distributionKeys(DistributionKind kind);

// The choices of every enum, in the order messages list them; spellings come from name().
inline constexpr std::array kFrequencies{finance::Frequency::Annual, finance::Frequency::Semiannual,
                                         finance::Frequency::Quarterly, finance::Frequency::Monthly};
inline constexpr std::array kDayCounts{finance::DayCount::ActActIcma, finance::DayCount::Act365Fixed,
                                       finance::DayCount::Act360, finance::DayCount::Thirty360BondBasis};
inline constexpr std::array kCalendars{finance::CalendarKind::UnitedKingdom, finance::CalendarKind::Target,
                                       finance::CalendarKind::Null};
inline constexpr std::array kConventions{finance::PaymentConvention::Following,
                                         finance::PaymentConvention::ModifiedFollowing};
inline constexpr std::array kAmortizations{finance::AmortizationType::Bullet, finance::AmortizationType::Annuity,
                                           finance::AmortizationType::LevelPrincipal,
                                           finance::AmortizationType::Sculpted};
inline constexpr std::array kRoundingModes{finance::RoundingMode::HalfUp, finance::RoundingMode::HalfEven};
inline constexpr std::array kDiscountMethods{finance::DiscountMethod::GreenBook, finance::DiscountMethod::Flat,
                                             finance::DiscountMethod::Curve};
inline constexpr std::array kRampShapes{RampShape::Linear, RampShape::SCurve};
inline constexpr std::array kCostKinds{CostKind::Capital, CostKind::Revenue};
inline constexpr std::array kJurisdictions{Jurisdiction::England, Jurisdiction::Wales, Jurisdiction::Scotland,
                                           Jurisdiction::NorthernIreland};
inline constexpr std::array kMrpMethods{finance::MrpMethod::AssetLifeStraightLine, finance::MrpMethod::AssetLifeAnnuity,
                                        finance::MrpMethod::CfrFourPercent};
inline constexpr std::array kMrpStarts{finance::MrpStart::YearAfter, finance::MrpStart::SameYear};
inline constexpr std::array kFundingSources{FundingSource::CapitalReceipts, FundingSource::Grant,
                                            FundingSource::Reserves};
inline constexpr std::array kPwlbRateTypes{PwlbRateType::Standard, PwlbRateType::Certainty,
                                           PwlbRateType::LocalInfrastructure, PwlbRateType::Hra};
inline constexpr std::array kStructures{Structure::GeneralObligation, Structure::SavingsLinked};
inline constexpr std::array kDistributionKinds{DistributionKind::Fixed,      DistributionKind::Uniform,
                                               DistributionKind::Triangular, DistributionKind::Pert,
                                               DistributionKind::Normal,     DistributionKind::Lognormal,
                                               DistributionKind::Discrete};

}  // namespace itsb::scenarios::detail
