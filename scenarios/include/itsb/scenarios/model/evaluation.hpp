#pragma once
// A scenario evaluated: the bond sized and scheduled, the annual cash-flow table, the
// metrics of SPEC §5 and the per-partner tables. Writers turn this into reports.

#include "itsb/finance/payment_by_results.hpp"
#include "itsb/finance/schedule.hpp"
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
    std::vector<Warning> warnings;  //!< what a treasury officer must not miss, as data (reports/ words them)
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

    //! The table, its metrics and the bond only.
    static EvaluateOptions tableOnly() { return {false, false, false, false, false, false}; }
};

}  // namespace itsb::scenarios
