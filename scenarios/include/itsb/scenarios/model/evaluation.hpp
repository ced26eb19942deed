#pragma once
// A scenario evaluated: the bond sized and scheduled, the annual cash-flow table, the
// metrics of SPEC §5 and the per-partner tables. Writers turn this into reports.

#include "itsb/finance/payment_by_results.hpp"
#include "itsb/finance/schedule.hpp"
#include "itsb/scenarios/model/revenue_account.hpp"
#include "itsb/scenarios/model/scenario.hpp"
#include "itsb/scenarios/model/warning.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace itsb::scenarios {

//! One row of the annual cash-flow table (SPEC §6 `annual`); money rounded.
struct AnnualRow {
    Year year = 0;
    std::string fiscalYear;
    Money baselineExpenditure = 0.0;
    Money grossSavings = 0.0;
    Money runningCosts = 0.0;
    Money oneOffCosts = 0.0;
    Money netSavings = 0.0;   //!< gross savings - running costs
    Money annualFees = 0.0;
    Money cfads = 0.0;        //!< net savings - annual fees
    Money debtService = 0.0;  //!< cash paid to investors in the year
    std::optional<double> dscr;  //!< cfads / debt service when debt service > 0
    Money netProceeds = 0.0;  //!< bond proceeds after issuance costs, in the issue year
    Money reserve = 0.0;      //!< debt service reserve: -funded in the issue year, +released at the end
    Money projectFlow = 0.0;  //!< net savings - one-off costs
    Money councilFlow = 0.0;  //!< cfads - one-off - debt service + net proceeds + reserve
    Money cumulativePosition = 0.0;
    double discountFactor = 1.0;
};

//! Metrics that follow from an annual table alone: computed for the whole programme and for
//! each partner.
struct TableMetrics {
    std::optional<Rate> projectIrr;   //!< the root when exactly one exists
    std::vector<Rate> projectIrrRoots;  //!< every root in [-99 %, +1000 %]
    std::optional<Rate> mirr;
    Money projectNpv = 0.0;
    Money npvAfterFinancing = 0.0;
    std::optional<double> benefitCostRatio;
    std::optional<double> paybackYears;
    std::optional<double> discountedPaybackYears;
    std::optional<Year> breakEvenYear;
    std::optional<std::string> breakEvenFiscalYear;
    std::optional<double> minDscr;
    std::optional<double> avgDscr;
    Money totalDebtService = 0.0;
};

struct Metrics {
    TableMetrics table;
    std::optional<Rate> investorYield;
    std::optional<Rate> investorIrr;
    std::optional<Rate> councilAllInCost;
    std::optional<double> llcr;
    std::optional<double> macaulayDuration;
    std::optional<double> modifiedDuration;
    std::optional<double> convexity;
    Money totalInterest = 0.0;  //!< contractual
    Money notional = 0.0;
    Money netProceeds = 0.0;
    std::optional<double> sculptDscr;  //!< sculpted bonds: the DSCR the payments are sculpted at
    Money investorLoss = 0.0;          //!< savings-linked: written off at maturity (0 otherwise)
    int yearsInArrears = 0;            //!< savings-linked: years ending with arrears (0 otherwise)
    std::optional<RevenueMetrics> revenue;  //!< with council_finance: the revenue view's (RevenueAccount::metrics)
};

//! What was borrowed and on what terms, after sizing.
struct BondSummary {
    Money notional = 0.0;
    Money pricePaid = 0.0;       //!< round(notional x issue price / 100)
    Money issuanceCosts = 0.0;   //!< round(percent x notional) + round(fixed)
    Money netProceeds = 0.0;     //!< price paid - issuance costs
    Money reserve = 0.0;         //!< debt service reserve held from proceeds
    Money fundedCosts = 0.0;     //!< the costs a fund_* rule had to cover (0 otherwise)
    Rate coupon = 0.0;
    finance::Date issueDate;
    finance::Date maturity;      //!< last unadjusted date
    finance::Date finalPayment;  //!< last adjusted payment date
    Year finalYear = 0;          //!< programme year of the final payment
};

struct PartnerResult {
    std::string name;
    double savingsShare = 0.0;
    double costShare = 0.0;
    std::vector<AnnualRow> annual;
    TableMetrics metrics;
    std::optional<PartnerRevenue> revenue;  //!< with council_finance
};

//! The steps by which a spreadsheet reaches payback_years, discounted_payback_years and
//! break_even_year from an annual table, year 0..H (the workbook's helper columns).
struct PaybackSteps {
    std::vector<Money> cumulativeProject;  //!< C_k = round(C_{k-1} + F_k), C_0 = F_0
    //! (k - 1) + (-C_{k-1}) / F_k in the year C turns from below 0 to >= 0; 0 in year 0 when F_0 >= 0
    std::vector<std::optional<double>> payback;
    std::vector<double> discountedProject;     //!< F_k x DF_k
    std::vector<double> cumulativeDiscounted;  //!< running sum of F_k x DF_k, not rounded
    std::vector<std::optional<double>> discountedPayback;  //!< as payback, on F_k x DF_k
    std::vector<double> outOfPocket;  //!< k + 1 while the cumulative position is below 0, else 0
};

//! One one-off cost on the Revenue sheet (council_finance), in input order: what the funding
//! items meet of it, what is borrowed and, for asset-life MRP, how it is provided for.
struct RevenueCostFigures {
    Year fiscalYear = 1;          //!< financial year 1..H of the spend (year 0's costs fall in year 1)
    Money cost = 0.0;             //!< round(amount x (1 + cost optimism bias))
    Money capitalReceipts = 0.0;  //!< what the funding items of each source meet
    Money grants = 0.0;
    Money reserves = 0.0;
    Money unfunded = 0.0;         //!< left after funding
    Money borrowed = 0.0;         //!< capital costs: what is left after funding; revenue costs: 0
    int lifeYears = 1;            //!< its own asset life, else the block's
    Year firstMrpYear = 1;        //!< the financial year of its first asset-life provision
    //! Asset-life methods, capital costs: the first year's provision before rounding, A / L or
    //! A r / ((1 + r)^L - 1) (0 when nothing is borrowed)
    double firstProvision = 0.0;
    //! Asset-life methods: its MRP by financial year 1..H, 0 outside its life (revenue costs and
    //! cfr_4_percent: all 0); the revenue account's MRP of a year is their sum
    std::vector<Money> provisions;
};

//! One funding item applied to its cost, in input order.
struct FundingItemFigures {
    Money amount = 0.0;  //!< round(the item's amount)
    Money left = 0.0;    //!< what was left of its cost before it (after earlier items)
    Money used = 0.0;    //!< min(amount, left)
};

//! One schedule period's interest split across the financial years of its accrual period.
struct InterestSplitFigures {
    int days = 0;             //!< of the accrual period [start, end)
    int firstFiscalYear = 0;  //!< the calendar year of the 1 April the period starts after
    //! Part q = 1..RevenueWorkbookFigures::partColumns: its financial year 1..H (counting on past
    //! the period's last part), its days and its interest (0 past the last part)
    std::vector<Year> years;
    std::vector<int> partDays;
    std::vector<Money> parts;
};

//! The helper columns of a revenue table (the Revenue sheet's or a partner's), years 1..H.
struct RevenueHelperColumns {
    std::vector<Money> unfundedRevenueCosts;  //!< round(revenue one-off - receipts - grants - reserves)
    std::vector<Year> outOfPocket;            //!< year + 1 while the cumulative effect is below 0, else 0
};

//! The Revenue sheet's helper figures (with council_finance and the revenue view computed): the
//! steps of the revenue account, from the same computation.
struct RevenueWorkbookFigures {
    int firstFiscalYear = 0;      //!< the calendar year of the start date's financial year
    Year issueFinancialYear = 1;  //!< the financial year 1..H of the issue date
    std::optional<double> taxBase;  //!< the block's, else the partners' added when every partner gives one
    std::vector<RevenueCostFigures> costs;
    std::vector<FundingItemFigures> funding;
    int partColumns = 1;  //!< the most financial years one accrual period touches
    std::vector<InterestSplitFigures> interestSplits;  //!< one per schedule row
    RevenueHelperColumns helpers;                      //!< of the revenue account
    std::vector<RevenueHelperColumns> partnerHelpers;  //!< of each partner's (when partners are computed)
};

//! What the run workbook shows beside the evaluation's own columns: the intermediate figures
//! of its helper formulas (each cell a live formula caching the figure here), so the workbook
//! formats them and computes none. Filled when EvaluateOptions::workbook asks for it.
struct WorkbookFigures {
    // Programme years.
    Year issueYear = 0;
    std::vector<Year> periodYear;  //!< programme year of each schedule row (its unadjusted date)

    // Annual sheet, by year 0..H.
    std::vector<Money> capitalOneOffCosts;  //!< the capital items alone, summed then rounded
    std::vector<Money> contractualDebtService;  //!< the schedule's, bucketed (savings-linked: before the waterfall)
    std::vector<std::optional<double>> contractualDscr;  //!< CFADS / contractual debt service when > 0
    //! The minimum of contractualDscr: what DSCR sizing counts (a savings-linked bond is sized on its contract).
    std::optional<double> contractualMinDscr;
    std::vector<double> undeflatedDiscountFactors;  //!< the method's factor before inflation
    std::vector<Rate> greenBookRates;     //!< green_book: each year's band rate (year 0: 0)
    std::vector<Year> greenBookBandStarts;  //!< green_book: the first year of each year's band (year 0: 0)
    std::vector<Rate> zeroRates;          //!< curve: z(k), linear in years between points (year 0: 0)
    std::vector<std::vector<double>> rampFractions;  //!< [service line][year]
    //! [service line][year]: baseline x share x rate x ramp x (1 - optimism bias), before rounding
    std::vector<std::vector<Money>> lineSavings;
    PaybackSteps payback;                      //!< of the annual table
    std::vector<PaybackSteps> partnerPayback;  //!< of each partner's table (when partners are computed)

    // Schedule sheet.
    int capitalisedPeriods = 0;
    int interestOnlyPeriods = 0;
    int amortizingPeriods = 0;
    int firstAmortizingPeriod = 1;  //!< 1-based
    std::optional<Money> levelPayment;    //!< annuity: ROUND(PMT(coupon / f, amortizing periods, -balance))
    std::optional<Money> levelPrincipal;  //!< level_principal: round(balance / amortizing periods)
    std::vector<Money> sculptTargets;     //!< sculpted: S_j = CFADS_k / amortizing dates in year k (0 elsewhere)
    std::vector<double> sculptDiscounts;  //!< sculpted: v_j = v_{j-1} / (1 + coupon tau_j) over amortizing dates (1 elsewhere)
    std::vector<Money> sculptedPayments;  //!< sculpted: rounddown(S_j / D) (0 elsewhere)
    std::vector<Money> owed;              //!< savings-linked: debt service + arrears brought forward + their interest
    std::vector<bool> yearEndsInArrears;  //!< savings-linked: the last date of a year leaves arrears
    Money feeAmount = 0.0;                //!< the annual fee, rounded
    std::vector<finance::Date> feeDates;  //!< unadjusted anniversaries of the issue date up to maturity
    std::vector<Year> feeYears;           //!< programme year of each anniversary

    // Inputs sheet.
    Money availableProceeds = 0.0;     //!< round(net proceeds - reserve)
    std::optional<Money> investorCap;  //!< savings-linked with a cap: round(cap multiple x notional)

    // Revenue sheet.
    std::optional<RevenueWorkbookFigures> revenue;  //!< with the revenue view (council_finance)
};

struct Evaluation {
    Scenario scenario;
    std::string inputSha256;
    //! (key, value) pairs stating every convention used, in report order.
    std::vector<std::pair<std::string, std::string>> conventions;
    BondSummary bond;
    finance::Schedule schedule;  //!< contractual
    //! Savings-linked bonds: what each schedule date made available, paid and left in arrears.
    std::optional<finance::PaymentByResults> paid;
    std::vector<AnnualRow> annual;
    Metrics metrics;
    std::vector<PartnerResult> partners;
    std::optional<RevenueAccount> revenue;  //!< with council_finance: the revenue-budget view
    std::vector<Warning> warnings;  //!< what a treasury officer must not miss, as data (reports/ words them)
    std::optional<WorkbookFigures> workbook;  //!< when EvaluateOptions::workbook
};

//! The largest amount itsb reports: beyond it a double no longer holds every penny exactly
//! (1e15 pennies are below 2^53). Larger projected amounts are an input error.
inline constexpr double kMaxExactAmount = 1e13;

//! Whether an amount is beyond kMaxExactAmount (or not a number).
inline bool beyondExactAmount(double amount) { return !(amount <= kMaxExactAmount && amount >= -kMaxExactAmount); }

//! What evaluate() computes beyond the bond, the annual table and its metrics (always there).
//! A search or a grid point asks only for what its answer needs: the bond's risk figures alone
//! are most of a full evaluation (QuantLib's yield solver over high-resolution dates).
struct EvaluateOptions {
    bool bondRisk = true;        //!< investor_yield, macaulay/modified duration, convexity
    bool investorXirr = true;    //!< investor_irr, council_all_in_cost (XIRR over the dated flows)
    bool partners = true;        //!< each partner's table and metrics
    bool conventions = true;     //!< the conventions block
    bool inputSha256 = true;     //!< the canonical input's hash
    bool warnings = true;        //!< the warnings (those of parts not computed are not looked for)
    bool workbook = false;       //!< the run workbook's helper figures (Evaluation::workbook)
    bool revenue = true;         //!< with council_finance: the revenue account and its metrics
    bool pwlb = true;            //!< with revenue and council_finance.pwlb: the PWLB comparison (a second evaluation)

    //! The table, its metrics and the bond only.
    static EvaluateOptions tableOnly() { return {false, false, false, false, false, false, false, false, false}; }
};

}  // namespace itsb::scenarios
