#pragma once
// The validated input model (SPEC §8): plain values with named fields, every default
// already applied. Built only by readScenario(), so a Scenario is always valid.

#include "itsb/finance/capital_finance.hpp"
#include "itsb/finance/conventions.hpp"
#include "itsb/finance/date.hpp"
#include "itsb/finance/discounting.hpp"
#include "itsb/finance/rounding.hpp"
#include "itsb/finance/schedule.hpp"
#include "itsb/finance/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsb::scenarios {

using finance::Date;
using finance::Money;
using finance::Rate;
using finance::Year;

enum class RampShape { Linear, SCurve };

struct Ramp {
    int delayYears = 0;
    int yearsToFull = 0;  //!< 0: full in the first year after the delay
    RampShape shape = RampShape::Linear;
    std::vector<double> fractions;  //!< when non-empty, replaces yearsToFull/shape
};

struct ServiceLine {
    std::string name;
    double addressableShare = 0.0;
    Rate savingRate = 0.0;
    Ramp ramp;
};

enum class CostKind { Capital, Revenue };

struct OneOffCost {
    std::string name;
    Year year = 0;
    Money amount = 0.0;
    CostKind kind = CostKind::Capital;
    std::optional<int> assetLifeYears;  //!< capital costs, with council_finance: its own MRP life
};

struct RunningCost {
    std::string name;
    Year fromYear = 1;
    Money amount = 0.0;
    Rate escalation = 0.0;
};

struct Programme {
    Money baselineExpenditure = 0.0;
    Rate expenditureGrowth = 0.0;
    std::vector<ServiceLine> serviceLines;
    double savingsOptimismBias = 0.0;
    std::vector<OneOffCost> oneOffCosts;
    std::vector<RunningCost> runningCosts;
    double costOptimismBias = 0.0;
};

//! A council's net revenue stream (its budget funded by council tax, business rates and
//! general grants): `amount` in financial year 1, growing by `growth` a year.
struct RevenueStream {
    Money amount = 0.0;
    Rate growth = 0.0;
};

struct Partner {
    std::string name;
    double savingsShare = 0.0;  //!< allocates gross savings
    double costShare = 0.0;     //!< allocates costs, fees, debt service, proceeds, reserve
    std::optional<RevenueStream> netRevenueStream;  //!< with council_finance: the financing-cost ratio's base
    std::optional<double> taxBase;                  //!< with council_finance: Band D equivalents
};

enum class NotionalRule {
    Fixed,             //!< a number
    FundCapitalCosts,  //!< "fund_capital_costs"
    FundOneOffCosts,   //!< "fund_one_off_costs"
    TargetMinDscr      //!< {"target_min_dscr": D}
};

struct NotionalSpec {
    NotionalRule rule = NotionalRule::Fixed;
    Money amount = 0.0;         //!< Fixed
    double targetMinDscr = 0.0; //!< TargetMinDscr
    //! Not an input: a Fixed notional sized on a base case at a DSCR target keeps sculpting at
    //! that target (Monte Carlo paths of a DSCR-sized sculpted bond).
    std::optional<double> sculptAt;
};

struct CouponSpec {
    bool fromGilt = false;  //!< given as {"gilt_yield", "margin"}
    Rate giltYield = 0.0;
    Rate margin = 0.0;
    Rate rate = 0.0;  //!< the coupon itself (gilt + margin when fromGilt)
};

enum class Structure { GeneralObligation, SavingsLinked };

struct SavingsLinkedTerms {
    double savingsShare = 1.0;
    bool councilGuarantee = false;
    std::optional<double> capMultiple;
};

struct BondSpec {
    NotionalSpec notional;
    Money sizeRounding = 1000.0;
    Date issueDate;
    int tenorYears = 0;          //!< set when the input gave tenor_years
    std::optional<Date> maturity; //!< set when the input gave maturity
    int periods = 0;             //!< number of payment dates (from tenor or maturity)
    CouponSpec coupon;
    finance::Frequency frequency = finance::Frequency::Semiannual;
    finance::DayCount dayCount = finance::DayCount::ActActIcma;
    finance::CalendarKind calendar = finance::CalendarKind::UnitedKingdom;
    finance::PaymentConvention paymentConvention = finance::PaymentConvention::Following;
    finance::AmortizationType amortization = finance::AmortizationType::Annuity;
    std::vector<double> custom;  //!< custom amounts or fractions, one per period
    int interestOnlyYears = 0;
    int capitalisedInterestYears = 0;
    double issuePrice = 100.0;  //!< percent of par
    double issuanceCostPercent = 0.0;
    Money issuanceCostFixed = 0.0;
    Money annualFees = 0.0;
    Structure structure = Structure::GeneralObligation;
    SavingsLinkedTerms savingsLinked;
    double reserveMonths = 0.0;

    Date scheduledMaturity() const;  //!< issue + periods x (12/frequency) months
};

enum class DistributionKind { Fixed, Uniform, Triangular, Pert, Normal, Lognormal, Discrete };

struct Distribution {
    DistributionKind kind = DistributionKind::Fixed;
    double value = 0.0;                 //!< fixed
    double min = 0.0, mode = 0.0, max = 0.0;  //!< uniform (min, max), triangular, pert
    double mean = 0.0, sd = 0.0;        //!< normal
    double mu = 0.0, sigma = 0.0;       //!< lognormal (of the log)
    std::vector<double> values, probabilities;  //!< discrete
};

struct Uncertainty {
    std::int64_t paths = 10000;
    std::uint64_t seed = 0;
    Distribution savingRateFactor;   //!< default fixed 1
    Distribution delayYears;         //!< default fixed 0
    Distribution oneOffCostFactor;   //!< default fixed 1
    Distribution runningCostFactor;  //!< default fixed 1
    Distribution expenditureGrowth;  //!< default fixed at programme.expenditure_growth
};

// ---- council_finance: the revenue-budget view (docs/MODEL.md §10) ----

enum class Jurisdiction { England, Wales, Scotland, NorthernIreland };
enum class FundingSource { CapitalReceipts, Grant, Reserves };
enum class PwlbRateType { Standard, Certainty, LocalInfrastructure, Hra };

//! The PWLB's margin over the gilt yield for a rate type: 1.00 %, 0.80 %, 0.60 %, 0.40 %.
Rate pwlbMargin(PwlbRateType type);

//! Part of a one-off cost met from something other than borrowing or the year's revenue budget.
struct FundingItem {
    FundingSource source = FundingSource::Grant;
    std::size_t cost = 0;  //!< index into programme.one_off_costs
    Money amount = 0.0;
};

struct MrpSpec {
    finance::MrpMethod method = finance::MrpMethod::AssetLifeStraightLine;
    std::optional<int> assetLifeYears;  //!< default for capital costs without their own
    std::optional<Rate> annuityRate;    //!< asset_life_annuity: default the coupon
    finance::MrpStart start = finance::MrpStart::YearAfter;
};

struct PwlbSpec {
    Rate giltYield = 0.0;
    PwlbRateType rateType = PwlbRateType::Standard;
};

struct CouncilFinance {
    Jurisdiction jurisdiction = Jurisdiction::England;
    MrpSpec mrp;
    std::vector<FundingItem> funding;
    std::optional<RevenueStream> netRevenueStream;  //!< the consortium's (else the partners' sum)
    std::optional<double> taxBase;                  //!< Band D equivalents (else the partners' sum)
    std::optional<PwlbSpec> pwlb;
    std::optional<double> maxFinancingCostRatio;
};

struct Scenario {
    int version = 1;
    std::string name;
    std::string description;
    std::string currency = "GBP";
    Date startDate;
    int horizonYears = 0;
    Programme programme;
    std::vector<Partner> partners;
    BondSpec bond;
    finance::Discounting discounting;
    finance::Rounding rounding;
    Uncertainty uncertainty;
    std::optional<CouncilFinance> councilFinance;  //!< absent: the cash view only
};

//! Input spellings of the scenario enums (the finance enums have theirs in finance/;
//! defined in reader.cpp, which reads them).
std::string_view name(RampShape shape);        //!< "linear", "s_curve"
std::string_view name(CostKind kind);          //!< "capital", "revenue"
std::string_view name(NotionalRule rule);      //!< "fixed", "fund_capital_costs", "fund_one_off_costs", "target_min_dscr"
std::string_view name(Structure structure);    //!< "general_obligation", "savings_linked"
std::string_view name(DistributionKind kind);  //!< "fixed", "uniform", "triangular", "pert", "normal", "lognormal", "discrete"
std::string_view name(Jurisdiction jurisdiction);  //!< "england", "wales", "scotland", "northern_ireland"
std::string_view name(FundingSource source);   //!< "capital_receipts", "grant", "reserves"
std::string_view name(PwlbRateType type);      //!< "standard", "certainty", "local_infrastructure", "hra"
std::string_view name(finance::MrpMethod method);  //!< "asset_life_straight_line", "asset_life_annuity", "cfr_4_percent"
std::string_view name(finance::MrpStart start);    //!< "year_after", "same_year"

}  // namespace itsb::scenarios
