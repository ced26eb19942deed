#pragma once
// The run workbook (--format xlsx): Inputs, Schedule, Annual, Revenue (with council_finance),
// Metrics and Partners sheets.
// Private to cli/src. The sheets refer to each other's cells, so where everything goes is
// fixed first (RunLayout) and each sheet is then written on its own.
//
// Every figure itsb derives is a live formula with itsb's own number cached: the spreadsheet
// recomputes the schedule, the annual table and the metrics from the inputs with the same
// arithmetic (docs/WORKBOOK.md lists each formula, and what is a value and why).

#include "xlsx_book.hpp"

#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"
#include "itsb/scenarios/model/programme_years.hpp"
#include "itsb/scenarios/model/sizing.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace itsb::reports::xlsx {

inline const std::string kInputs = "Inputs";
inline const std::string kSchedule = "Schedule";
inline const std::string kAnnual = "Annual";
inline const std::string kMetrics = "Metrics";
inline const std::string kPartners = "Partners";
inline const std::string kRevenue = "Revenue";

//! Columns of an annual table: the JSON columns (SPEC §6) and the helpers the metrics use.
//! -1 marks a column the table does not have.
struct AnnualColumns {
    int year = -1, fiscalYear = -1, baseline = -1, grossSavings = -1, runningCosts = -1, oneOffCosts = -1,
        netSavings = -1, annualFees = -1, cfads = -1, debtService = -1, dscr = -1, netProceeds = -1, reserve = -1,
        projectFlow = -1, councilFlow = -1, cumulative = -1, discountFactor = -1;
    // Helpers for payback, discounted payback and break-even.
    int cumulativeProject = -1, payback = -1, discountedProject = -1, cumulativeDiscounted = -1,
        discountedPayback = -1, outOfPocket = -1;

    //! The JSON columns from `next` on, in JSON order; `yearEnd`, when given, gets the column
    //! after the fiscal year (the main table's year-end dates).
    void assignReported(int& next, int* yearEnd = nullptr) {
        year = next++;
        fiscalYear = next++;
        if (yearEnd) *yearEnd = next++;
        for (int* column : {&baseline, &grossSavings, &runningCosts, &oneOffCosts, &netSavings, &annualFees, &cfads,
                            &debtService, &dscr, &netProceeds, &reserve, &projectFlow, &councilFlow, &cumulative,
                            &discountFactor})
            *column = next++;
    }
    //! The payback and break-even helper columns from `next` on.
    void assignHelpers(int& next) {
        for (int* column : {&cumulativeProject, &payback, &discountedProject, &cumulativeDiscounted,
                            &discountedPayback, &outOfPocket})
            *column = next++;
    }
};

//! Absolute ranges ("Annual!$O$7:$O$27", or a workbook name) of one annual table's columns, as
//! the metric formulas use them.
struct AnnualRanges {
    std::string years, fiscalYears, grossSavings, runningCosts, oneOffCosts, cfads, debtService, dscr, projectFlows,
        councilFlows, cumulative, discountFactors, payback, discountedPayback, outOfPocket;
};

//! The Schedule sheet's columns (-1: absent).
struct ScheduleColumns {
    int period = 0, kind = 1, accrualStart = 2, accrualEnd = 3, paymentDate = 4, year = 5, fraction = 6, opening = 7,
        interest = 8, principal = 9, capitalised = 10, debtService = 11, closing = 12;
    int available = -1, arrearsInterest = -1, owed = -1, paid = -1, arrears = -1, yearEndArrears = -1;
    int sculptTarget = -1, sculptDiscount = -1, sculptedPayment = -1;
    int feeNumber = -1, feeDate = -1, feeYear = -1, feeAmount = -1;
};

//! Columns of a revenue table (the Revenue sheet's and each partner's): the JSON columns of
//! `revenue_account`, then two helpers. -1 marks a column the table does not have.
struct RevenueColumns {
    int year = -1, fiscalYear = -1, grossSavings = -1, runningCosts = -1, fees = -1, revenueOneOff = -1,
        capitalReceipts = -1, grants = -1, reserves = -1, interest = -1, mrp = -1, issuance = -1, netEffect = -1,
        cumulative = -1, cfrOpening = -1, cfrBorrowing = -1, cfrClosing = -1, stream = -1, ratio = -1, bandD = -1;
    // Helpers: the revenue one-off costs left to the year's budget, and the break-even marker.
    int unfundedRevenue = -1, outOfPocket = -1;

    //! Every column from `next` on: the JSON columns in JSON order, then the helpers.
    void assign(int& next) {
        for (int* column : {&year, &fiscalYear, &grossSavings, &runningCosts, &fees, &revenueOneOff, &capitalReceipts,
                            &grants, &reserves, &interest, &mrp, &issuance, &netEffect, &cumulative, &cfrOpening,
                            &cfrBorrowing, &cfrClosing, &stream, &ratio, &bandD, &unfundedRevenue, &outOfPocket})
            *column = next++;
    }
};

//! Absolute ranges of one revenue table's columns, as the revenue metric formulas use them.
struct RevenueRanges {
    std::string fiscalYears, interest, mrp, cumulative, cfrClosing, ratios, outOfPocket;
    int firstRow = -1;  //!< the table's first data row (financial year 1) on its sheet
};

struct RunLayout {
    int annualFirstRow = 0;    //!< year 0's row on the Annual sheet (0-based)
    AnnualColumns annual;
    // Main-table-only Annual columns.
    int yearEnd = -1, contractualDebtService = -1, contractualDscr = -1, capitalOneOff = -1, bandRate = -1,
        bandStart = -1, zeroRate = -1, methodFactor = -1;
    std::vector<int> rampColumns, lineSavingColumns;  //!< one per service line
    int scheduleFirstRow = 0;  //!< period 1's row on the Schedule sheet
    ScheduleColumns schedule;
    int feeCount = 0;          //!< anniversaries up to maturity
    // The Revenue sheet (council_finance): financial year 1's row, the columns, and one MRP helper
    // column per one-off cost (-1 for a revenue cost, and with cfr_4_percent, which needs none).
    int revenueFirstRow = -1;
    RevenueColumns revenue;
    std::vector<int> mrpColumns;
};

//! What every sheet writer shares: the evaluation and its workbook figures, the layout, the cell
//! addresses of the input tables, and rounding written as the spreadsheet formula that
//! reproduces itsb's.
struct RunContext {
    //! Throws std::invalid_argument when `evaluation` has no workbook figures.
    RunContext(Workbook& book, const scenarios::Evaluation& evaluation,
               const std::optional<scenarios::NotionalNeighbour>& neighbour);

    Workbook& book;
    const scenarios::Evaluation& ev;
    //! The figures of the helper formulas, computed by the engine (EvaluateOptions::workbook).
    const scenarios::WorkbookFigures& fig;
    //! The notional one size_rounding away, evaluated by the engine, for the sizing checks.
    const std::optional<scenarios::NotionalNeighbour>& neighbour;
    const scenarios::Scenario& s;
    scenarios::ProgrammeYears years;
    RunLayout layout;

    // Addresses of the input tables (absolute, with the sheet), filled by the Inputs sheet.
    struct LineCells {
        std::string share, rate, delay, yearsToFull, fractions;
        int fractionCount = 0;
    };
    std::vector<LineCells> lines;
    //! One-off costs on Inputs: year, amount, kind and (council_finance) asset life cells.
    struct OneOffCells {
        std::string year, amount, kind, life;
    };
    std::vector<OneOffCells> oneOffs;
    //! Partners on Inputs (council_finance): each one's net revenue stream and tax base cells,
    //! empty where the input has none.
    struct PartnerCells {
        std::string streamAmount, streamGrowth, taxBase;
    };
    std::vector<PartnerCells> partnerCells;
    //! council_finance.funding on Inputs: each item's cost number, source and amount cells.
    struct FundingCells {
        std::string cost, source, amount;
    };
    std::vector<FundingCells> funding;

    //! ROUND(expr, Decimals), or its half-even form when rounding.mode is half_even.
    std::string round(const std::string& expression) const;
    bool savingsLinked() const { return ev.paid.has_value(); }
    bool sculpted() const { return s.bond.amortization == finance::AmortizationType::Sculpted; }
    //! Whether the workbook has the revenue view (a Revenue sheet and partners' revenue tables).
    bool revenue() const { return ev.revenue.has_value(); }
    //! The Revenue sheet's figures (the constructor checks they are there when revenue()).
    const scenarios::RevenueWorkbookFigures& revenueFig() const { return *fig.revenue; }
    int firstAmortizingPeriod() const { return fig.firstAmortizingPeriod; }  //!< 1-based

    //! The Annual row of year k / the Schedule row of period j (1-based), 0-based sheet rows.
    int annualRow(finance::Year k) const { return layout.annualFirstRow + k; }
    int scheduleRow(int period) const { return layout.scheduleFirstRow + period - 1; }
    //! The Revenue row of financial year y (1-based).
    int revenueRow(finance::Year y) const { return layout.revenueFirstRow + y - 1; }
};

//! Writes a heading and the JSON key (or a helper's name) above a column.
void heading(Sheet& sheet, int headerRow, int column, const std::string& text, const std::string& key);

//! Writes the columns every annual table derives from its amounts (net savings, CFADS, DSCR,
//! flows, cumulative position and the payback helpers `steps`), rows firstRow.. for `rows`. The
//! amount columns and the discount factors are written by the caller.
void writeDerivedAnnualColumns(RunContext& c, Sheet& sheet, const AnnualColumns& columns, int firstRow,
                               const std::vector<scenarios::AnnualRow>& rows, const scenarios::PaybackSteps& steps);

//! The ranges of an annual table's columns on `sheet` (absolute, with the sheet name).
AnnualRanges annualRanges(const std::string& sheet, const AnnualColumns& columns, int firstRow, int lastRow);

//! The table metrics (project IRR, MIRR, NPVs, BCR, paybacks, break-even, DSCRs, total debt
//! service) of one annual table as formulas over its ranges, one row per key from `row` on:
//! key in column 0, value in column 1, note in column 2; then one row per IRR root. Returns the
//! next free row.
int writeTableMetrics(RunContext& c, Sheet& sheet, int row, const AnnualRanges& ranges,
                      const scenarios::TableMetrics& metrics);

//! The same for a partner, with its revenue metrics after the table's as formulas over `revenue`
//! (its revenue table) when the workbook has the revenue view.
int writePartnerMetrics(RunContext& c, Sheet& sheet, int row, const AnnualRanges& ranges,
                        const scenarios::PartnerResult& partner, const RevenueRanges* revenue);

//! The revenue table's columns every revenue table derives from its amounts (the unfunded revenue
//! costs, net revenue effect, cumulative, the CFR's opening and closing, the net revenue stream,
//! the financing-cost ratio, the Band D equivalent and the break-even marker), rows firstRow..
//! for `rows`, the helpers caching `helpers`. `stream(year)` is the formula of the net revenue
//! stream of the year in cell `year` ("" when there is none);
//! `taxBase` the tax base's cell or name ("" when there is none). The amount columns and the CFR
//! borrowing are written by the caller.
void writeDerivedRevenueColumns(RunContext& c, Sheet& sheet, const RevenueColumns& columns, int firstRow,
                                const std::vector<scenarios::RevenueRow>& rows,
                                const scenarios::RevenueHelperColumns& helpers,
                                const std::function<std::string(const std::string&)>& stream,
                                const std::string& taxBase);

//! The ranges of a revenue table's columns on `sheet` (absolute, with the sheet name).
RevenueRanges revenueRanges(const std::string& sheet, const RevenueColumns& columns, int firstRow, int lastRow);

//! A partner's revenue table from `row` on (a section title, headings and keys, one row per
//! financial year: the allocated columns values, the rest formulas); returns its ranges and sets
//! `row` to the next free row.
RevenueRanges writePartnerRevenueTable(RunContext& c, Sheet& sheet, int& row, std::size_t partner);

//! The workbook name of a metric's value cell on the Metrics sheet: "Metric_project_npv".
inline std::string metricName(const std::string& key) { return "Metric_" + key; }

void writeInputsSheet(RunContext& c, Sheet& sheet);
void writeScheduleSheet(RunContext& c, Sheet& sheet);
void writeAnnualSheet(RunContext& c, Sheet& sheet);
void writeMetricsSheet(RunContext& c, Sheet& sheet);
void writePartnersSheet(RunContext& c, Sheet& sheet);
void writeRevenueSheet(RunContext& c, Sheet& sheet);

//! Fixes the layout, then writes every sheet of the run workbook into `book`; returns the
//! Metrics sheet (the one a run workbook opens on).
Sheet& writeRunSheets(Workbook& book, const scenarios::Evaluation& evaluation,
                      const std::optional<scenarios::NotionalNeighbour>& neighbour);

}  // namespace itsb::reports::xlsx
