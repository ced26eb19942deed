// The run workbook's Metrics and Partners sheets: each SPEC §5 metric as a formula over the
// Annual and Schedule sheets (or, where a spreadsheet cannot compute it, itsb's value with the
// reason beside it), and each partner's allocated table with checks that the partners add up.
#include "xlsx_run.hpp"

#include "itsb/scenarios/io/text_format.hpp"

#include <functional>
#include <variant>

namespace itsb::reports::xlsx {

using finance::Money;
using scenarios::AnnualRow;
using scenarios::Cell;
using scenarios::MetricEntry;
using scenarios::ValueKind;

namespace {

//! How one metric is written: a formula caching `cached`, or (no formula) `cached` as a value.
struct MetricCell {
    std::string formula;
    Cell cached;
    std::string note;
};

Style styleOf(ValueKind kind) {
    switch (kind) {
    case ValueKind::Amount:
        return Style::Money;
    case ValueKind::Percent:
        return Style::Percent;
    case ValueKind::Ratio:
    case ValueKind::Factor:
        return Style::Ratio;
    case ValueKind::Years:
        return Style::Years;
    case ValueKind::Integer:
        return Style::Integer;
    case ValueKind::Text:
        return Style::Plain;
    }
    return Style::Plain;
}

void writeMetricCell(Sheet& sheet, int row, const std::string& key, ValueKind kind, const MetricCell& m) {
    sheet.text(row, 0, key, Style::Plain);
    const Style style = key == "project_irr_roots" ? Style::Integer : styleOf(kind);  // the count of roots
    if (m.formula.empty()) {
        if (const auto* v = std::get_if<double>(&m.cached))
            sheet.number(row, 1, *v, style);
        else if (const auto* t = std::get_if<std::string>(&m.cached))
            sheet.text(row, 1, *t, style);
        else
            sheet.blank(row, 1, style);
    } else if (const auto* v = std::get_if<double>(&m.cached)) {
        sheet.formula(row, 1, m.formula, *v, style);
    } else if (const auto* t = std::get_if<std::string>(&m.cached)) {
        sheet.formulaText(row, 1, m.formula, *t, style);
    } else {
        sheet.formulaText(row, 1, m.formula, "", style);  // null: the formula returns ""
    }
    if (!m.note.empty()) sheet.text(row, 2, m.note, Style::Note);
}

std::string rootsText(const std::vector<double>& roots) {
    std::string text;
    for (double r : roots) text += (text.empty() ? "" : ", ") + scenarios::formatPercent(r, 4);
    return text;
}

//! A metric of an annual table (SPEC §5) as a formula over the table's ranges.
MetricCell tableMetricCell(const RunContext& c, const MetricEntry& e, const AnnualRanges& r,
                           const scenarios::TableMetrics& m, const std::string& breakEvenCell,
                           const std::string& rootsRange) {
    const std::string& key = e.key;
    if (key == "project_irr") {
        if (m.projectIrrRoots.size() == 1)
            return {"IRR(" + r.projectFlows + ")", e.value,
                    "spreadsheet IRR of the annual project flows F_0..F_H; itsb counted exactly one root in -99 % .. "
                    "+1000 % (listed below)"};
        return {"", Cell(),
                "null in itsb: the project flows have " +
                    (m.projectIrrRoots.empty() ? std::string("no IRR")
                                               : std::to_string(m.projectIrrRoots.size()) + " IRRs (" +
                                                     rootsText(m.projectIrrRoots) + ")") +
                    " in -99 % .. +1000 %; a spreadsheet's IRR would return an error or silently whichever root its "
                    "guess reaches (try =IRR(ProjectFlows, guess)), so itsb reports none"};
    }
    if (key == "project_irr_roots")
        return {"COUNT(" + rootsRange + ")", Cell(static_cast<double>(m.projectIrrRoots.size())),
                "how many IRRs the project flows have (itsb counts them exactly: Descartes / Vincent-Collins-Akritas in "
                "whole pennies); each is listed below with the NPV at it, about 0"};
    if (key == "mirr")
        return {"IF(OR(COUNTIF(" + r.projectFlows + ",\">0\")=0,COUNTIF(" + r.projectFlows + ",\"<0\")=0),\"\",MIRR(" +
                    r.projectFlows + ",Coupon,1/INDEX(" + r.discountFactors + ",2)-1))",
                e.value, "MIRR(flows, coupon, 1/DF_1 - 1): finance rate the coupon, reinvestment rate year 1's discount rate"};
    if (key == "project_npv")
        return {c.round("SUMPRODUCT(" + r.projectFlows + "," + r.discountFactors + ")"), e.value,
                "sum of F_k x DF_k, rounded"};
    if (key == "npv_after_financing")
        return {c.round("SUMPRODUCT(" + r.councilFlows + "," + r.discountFactors + ")"), e.value,
                "sum of the council flows N_k x DF_k, rounded"};
    if (key == "benefit_cost_ratio") {
        const std::string costs = "SUMPRODUCT(" + r.runningCosts + "+" + r.oneOffCosts + "," + r.discountFactors + ")";
        return {"IF(" + costs + ">0,SUMPRODUCT(" + r.grossSavings + "," + r.discountFactors + ")/" + costs + ",\"\")",
                e.value, "discounted gross savings / discounted running and one-off costs"};
    }
    if (key == "payback_years")
        return {"IF(COUNT(" + r.payback + ")=0,\"\",MIN(" + r.payback + "))", e.value,
                "first year whose running sum of project flows is >= 0, as (k-1) + the fraction of year k needed "
                "(Annual helper column); 0 when F_0 >= 0"};
    if (key == "discounted_payback_years")
        return {"IF(COUNT(" + r.discountedPayback + ")=0,\"\",MIN(" + r.discountedPayback + "))", e.value,
                "the same on F_k x DF_k (Annual helper column)"};
    if (key == "break_even_year")
        return {"IF(INDEX(" + r.cumulative + ",ROWS(" + r.cumulative + "))<0,\"\",MAX(" + r.outOfPocket + "))", e.value,
                "the year after the last year with a cumulative position below 0.00 (0 if never); null if still "
                "negative at the horizon"};
    if (key == "break_even_fiscal_year")
        return {"IF(" + breakEvenCell + "=\"\",\"\",INDEX(" + r.fiscalYears + "," + breakEvenCell + "+1))", e.value,
                "the break-even year's label"};
    if (key == "min_dscr")
        return {"IF(COUNT(" + r.dscr + ")=0,\"\",MIN(" + r.dscr + "))", e.value,
                "over years with debt service > 0 (negative when CFADS is)"};
    if (key == "avg_dscr")
        return {"IF(COUNT(" + r.dscr + ")=0,\"\",AVERAGE(" + r.dscr + "))", e.value,
                "mean of the DSCRs of years with debt service > 0"};
    if (key == "total_debt_service")
        return {c.round("SUM(" + r.debtService + ")"), e.value,
                c.savingsLinked() ? "sum of the annual debt service paid" : "sum of the annual debt service"};
    return {"", e.value, ""};
}

//! A metric of the revenue view (docs/MODEL.md §10) as a formula over a revenue table's ranges;
//! nullopt for another key.
std::optional<MetricCell> revenueMetricCell(const RunContext& c, const MetricEntry& e, const RevenueRanges& r,
                                            const std::string& breakEvenCell) {
    const std::string& key = e.key;
    if (key == "revenue_break_even_year")
        return MetricCell{"IF(INDEX(" + r.cumulative + ",ROWS(" + r.cumulative + "))<0,\"\",MAX(" + r.outOfPocket +
                              ",1))",
                          e.value,
                          "the financial year after the last with a cumulative net revenue effect below 0.00 (1 if "
                          "never; the out-of-pocket helper column); null if still negative at the horizon"};
    if (key == "revenue_break_even_fiscal_year")
        return MetricCell{"IF(" + breakEvenCell + "=\"\",\"\",INDEX(" + r.fiscalYears + "," + breakEvenCell + "))",
                          e.value, "the revenue break-even year's label"};
    if (key == "max_financing_cost_ratio")
        return MetricCell{"IF(COUNT(" + r.ratios + ")=0,\"\",MAX(" + r.ratios + "))", e.value,
                          "the largest financing-cost ratio; null without a net revenue stream"};
    if (key == "peak_cfr")
        return MetricCell{"MAX(" + r.cfrClosing + ",0)", e.value, "the largest closing CFR"};
    if (key == "total_mrp")
        return MetricCell{c.round("SUM(" + r.mrp + ")"), e.value, "the " + c.ev.revenue->mrpTitle + " of every year"};
    if (key == "total_interest_accrued")
        return MetricCell{c.round("SUM(" + r.interest + ")"), e.value,
                          "the interest accrued of every year (the schedule's interest, split across 31 March)"};
    return std::nullopt;
}

//! Writes `entries` one per row from `row` (cells from `special` when it has one, the revenue
//! formulas over `revenue` for its keys, else the table metric formulas), then the IRR roots;
//! returns the next free row.
int writeMetricList(RunContext& c, Sheet& sheet, int row, const std::vector<MetricEntry>& entries,
                    const AnnualRanges& ranges, const scenarios::TableMetrics& table,
                    const std::function<std::optional<MetricCell>(const MetricEntry&)>& special,
                    const RevenueRanges* revenue = nullptr) {
    int breakEvenRow = row, revenueBreakEvenRow = row;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].key == "break_even_year") breakEvenRow = row + static_cast<int>(i);
        if (entries[i].key == "revenue_break_even_year") revenueBreakEvenRow = row + static_cast<int>(i);
    }
    const int rootsHeader = row + static_cast<int>(entries.size());
    const int rootsFirst = rootsHeader + 1;
    const int rootsCount = static_cast<int>(table.projectIrrRoots.size());
    const std::string rootsRange =
        onSheet(sheet.name(), rangeRef(rootsFirst, 1, rootsFirst + std::max(rootsCount, 1) - 1, 1));
    const std::string breakEvenCell = cellRef(breakEvenRow, 1, true);

    const std::string revenueBreakEvenCell = cellRef(revenueBreakEvenRow, 1, true);
    for (const auto& e : entries) {
        std::optional<MetricCell> cell = special ? special(e) : std::nullopt;
        if (!cell && revenue) cell = revenueMetricCell(c, e, *revenue, revenueBreakEvenCell);
        writeMetricCell(sheet, row++, e.key, e.kind,
                        cell ? *cell : tableMetricCell(c, e, ranges, table, breakEvenCell, rootsRange));
    }
    sheet.text(rootsHeader, 0, "IRR roots", Style::Header);
    sheet.text(rootsHeader, 1, "root (value)", Style::Header);
    sheet.text(rootsHeader, 2, "NPV of the project flows at the root (formula; about 0)", Style::Header);
    row = rootsFirst;
    if (rootsCount == 0) {
        sheet.text(row, 0, "(no IRR root)", Style::Note);
        sheet.text(row++, 1, "none", Style::Note);
    }
    for (int i = 0; i < rootsCount; ++i) {
        const double root = table.projectIrrRoots[static_cast<std::size_t>(i)];
        sheet.text(row, 0, "project_irr_roots[" + std::to_string(i) + "]", Style::Plain);
        sheet.number(row, 1, root, Style::Percent);
        sheet.formula(row, 2,
                      "SUMPRODUCT(" + ranges.projectFlows + ",(1+" + cellRef(row, 1) + ")^(-" + ranges.years + "))",
                      0.0, Style::Money);
        ++row;
    }
    return row;
}

}  // namespace

int writeTableMetrics(RunContext& c, Sheet& sheet, int row, const AnnualRanges& ranges,
                      const scenarios::TableMetrics& metrics) {
    return writeMetricList(c, sheet, row, scenarios::tableMetricEntries(metrics), ranges, metrics, nullptr);
}

int writePartnerMetrics(RunContext& c, Sheet& sheet, int row, const AnnualRanges& ranges,
                        const scenarios::PartnerResult& partner, const RevenueRanges* revenue) {
    auto entries = scenarios::tableMetricEntries(partner.metrics);
    if (revenue && partner.revenue)
        for (auto& e : scenarios::revenueMetricEntries(partner.revenue->metrics)) entries.push_back(std::move(e));
    return writeMetricList(c, sheet, row, entries, ranges, partner.metrics, nullptr, revenue);
}

// --- Metrics ---------------------------------------------------------------------------------

void writeMetricsSheet(RunContext& c, Sheet& sheet) {
    const auto& s = c.s;
    const auto& ev = c.ev;
    const auto& m = ev.metrics;
    const ScheduleColumns& k = c.layout.schedule;
    const int n = static_cast<int>(ev.schedule.rows.size());

    sheet.text(0, 0, "Metrics (docs/MODEL.md §5.4): " + s.name, Style::Title);
    sheet.text(1, 0,
               "Column A is the JSON key (itsb run --format json: metrics), column B the value: a formula over the "
               "Annual and Schedule sheets unless column C says why it is a value. An empty B is itsb's null.",
               Style::Note);
    const int headerRow = 3;
    sheet.text(headerRow, 0, "metric", Style::Header);
    sheet.text(headerRow, 1, "value", Style::Header);
    sheet.text(headerRow, 2, "how it is computed", Style::Header);

    // Dated flows for XIRR, right of the list.
    const int dateColumn = 5, flowColumn = 6, councilDateColumn = 8, councilFlowColumn = 9;
    sheet.text(headerRow - 1, dateColumn, "Investor flows (XIRR)", Style::Section);
    sheet.text(headerRow - 1, councilDateColumn, "Council bond flows (XIRR)", Style::Section);
    sheet.text(headerRow, dateColumn, "date", Style::Header);
    sheet.text(headerRow, flowColumn, "amount", Style::Header);
    sheet.text(headerRow, councilDateColumn, "date", Style::Header);
    sheet.text(headerRow, councilFlowColumn, "amount", Style::Header);
    int flowRow = headerRow + 1;
    sheet.formula(flowRow, dateColumn, "=IssueDate", s.bond.issueDate.serial(), Style::Date);
    sheet.formula(flowRow, flowColumn, "=-PricePaid", -ev.bond.pricePaid, Style::Money);
    sheet.formula(flowRow, councilDateColumn, "=IssueDate", s.bond.issueDate.serial(), Style::Date);
    sheet.formula(flowRow, councilFlowColumn, "=NetProceeds", ev.bond.netProceeds, Style::Money);
    ++flowRow;
    const int paidColumn = c.savingsLinked() ? k.paid : k.debtService;
    for (int j = 1; j <= n; ++j, ++flowRow) {
        const auto& r = ev.schedule.rows[static_cast<std::size_t>(j - 1)];
        const Money received = c.savingsLinked() ? ev.paid->rows[static_cast<std::size_t>(j - 1)].paid : r.debtService;
        const std::string date = onSheet(kSchedule, cellRef(c.scheduleRow(j), k.paymentDate, true));
        const std::string amount = onSheet(kSchedule, cellRef(c.scheduleRow(j), paidColumn, true));
        sheet.formula(flowRow, dateColumn, "=" + date, r.paymentDate.serial(), Style::Date);
        sheet.formula(flowRow, flowColumn, "=" + amount, received, Style::Money);
        sheet.formula(flowRow, councilDateColumn, "=" + date, r.paymentDate.serial(), Style::Date);
        sheet.formula(flowRow, councilFlowColumn, "=-" + amount, -received, Style::Money);
    }
    const int investorLast = flowRow - 1;
    for (int j = 1; j <= c.layout.feeCount; ++j, ++flowRow) {
        const int feeRow = c.layout.scheduleFirstRow + j - 1;
        sheet.formula(flowRow, councilDateColumn, "=" + onSheet(kSchedule, cellRef(feeRow, k.feeDate, true)),
                      c.fig.feeDates[static_cast<std::size_t>(j - 1)].serial(), Style::Date);
        sheet.formula(flowRow, councilFlowColumn, "=-" + onSheet(kSchedule, cellRef(feeRow, k.feeAmount, true)),
                      -c.fig.feeAmount, Style::Money);
    }
    const int councilLast = flowRow - 1;
    const int flowFirst = headerRow + 1;
    const auto name = [&](const std::string& nm, int column, int lastRow) {
        c.book.defineName(nm, onSheet(kMetrics, rangeRef(flowFirst, column, lastRow, column)));
    };
    name("InvestorDates", dateColumn, investorLast);
    name("InvestorFlows", flowColumn, investorLast);
    name("CouncilDates", councilDateColumn, councilLast);
    name("CouncilBondFlows", councilFlowColumn, councilLast);

    const AnnualRanges ranges{"Years",
                              "FiscalYears",
                              "GrossSavings",
                              "RunningCosts",
                              "OneOffCostsByYear",
                              "CFADS",
                              "DebtService",
                              "DSCR",
                              "ProjectFlows",
                              "CouncilFlows",
                              "CumulativePositions",
                              "DiscountFactors",
                              "PaybackCandidates",
                              "DiscountedPaybackCandidates",
                              "OutOfPocketMarks"};
    const std::string quantLib =
        "value: QuantLib 1.29 CashFlows on the rounded flows (settlement the issue date, payments on adjusted dates, "
        "the bond's day count with each period as its reference period, compounded ";
    const std::string compounding = std::string(finance::name(s.bond.frequency)) + "); no spreadsheet function "
                                                                                     "reproduces QuantLib's day-count "
                                                                                     "chain";
    const auto special = [&](const MetricEntry& e) -> std::optional<MetricCell> {
        const std::string& key = e.key;
        if (key == "investor_yield")
            return MetricCell{"", e.value,
                              quantLib + compounding + "; the yield that prices these flows at the price paid"};
        if (key == "macaulay_duration" || key == "modified_duration" || key == "convexity")
            return MetricCell{"", e.value, quantLib + compounding + ", at investor_yield"};
        if (key == "investor_irr") {
            if (!m.investorIrr)
                return MetricCell{"", Cell(), "null in itsb: the investor flows (columns F:G) have no single XIRR"};
            return MetricCell{"XIRR(InvestorFlows,InvestorDates)", e.value,
                              "XIRR of -price paid on the issue date and every payment received on its payment date "
                              "(columns F:G); ACT/365F, annual compounding"};
        }
        if (key == "council_all_in_cost") {
            if (!m.councilAllInCost)
                return MetricCell{"", Cell(), "null in itsb: the council's bond flows (columns I:J) have no single XIRR"};
            return MetricCell{"XIRR(CouncilBondFlows,CouncilDates)", e.value,
                              "XIRR of +net proceeds, -debt service on payment dates, -fees on anniversaries (columns "
                              "I:J); the reserve is not a bond flow"};
        }
        if (key == "llcr")
            return MetricCell{"IF(Notional>0,SUMPRODUCT((Years>=1)*(Years<=MIN(FinalYear,HorizonYears))*CFADS*(1+Coupon)^("
                              "-Years))/Notional,\"\")",
                              e.value, "sum over years 1..final payment year of CFADS_k x (1 + coupon)^-k, over the notional"};
        if (key == "total_interest")
            return MetricCell{c.round("SUM(ScheduleInterest)"), e.value, "contractual interest of the schedule"};
        if (key == "notional")
            return MetricCell{"=Notional", e.value, "Inputs"};
        if (key == "net_proceeds")
            return MetricCell{"=NetProceeds", e.value, "price paid less issuance costs (Inputs)"};
        if (key == "sculpt_dscr") {
            if (!c.sculpted()) return MetricCell{"", Cell(), "null: the bond is not sculpted"};
            return MetricCell{"=SculptDscr", e.value, "the DSCR the payments are sculpted at (Schedule)"};
        }
        if (key == "investor_loss") {
            if (!c.savingsLinked())
                return MetricCell{"", e.value, "value 0: a general-obligation bond is paid whatever the savings"};
            return MetricCell{"=" + onSheet(kSchedule, cellRef(c.scheduleRow(n), k.arrears, true)), e.value,
                              "the arrears left after the final payment, written off"};
        }
        if (key == "years_in_arrears") {
            if (!c.savingsLinked())
                return MetricCell{"", e.value, "value 0: a general-obligation bond is paid whatever the savings"};
            return MetricCell{"SUM(YearEndArrears)", e.value,
                              "years with arrears left after their last payment date (Schedule helper column)"};
        }
        return std::nullopt;
    };
    const auto entries = scenarios::metricEntries(m);
    // The revenue view's metrics over the Revenue sheet (council_finance).
    const RevenueRanges revenue{"RevenueFiscalYears",      "RevenueInterestAccrued",     "RevenueMrp",
                                "RevenueCumulative",       "RevenueCfrClosing",          "RevenueFinancingCostRatios",
                                "RevenueOutOfPocketMarks", c.layout.revenueFirstRow};
    writeMetricList(c, sheet, headerRow + 1, entries, ranges, m.table, special, c.revenue() ? &revenue : nullptr);
    // Each metric's cell by name (Metric_project_npv, ...), for the compare and simulate sheets.
    for (std::size_t i = 0; i < entries.size(); ++i)
        c.book.defineName(metricName(entries[i].key),
                          onSheet(kMetrics, cellRef(headerRow + 1 + static_cast<int>(i), 1, true)));

    sheet.columnWidth(0, 0, 26);
    sheet.columnWidth(1, 1, 18);
    sheet.columnWidth(2, 2, 90);
    sheet.columnWidth(3, 4, 2);
    sheet.columnWidth(dateColumn, dateColumn, 12);
    sheet.columnWidth(flowColumn, flowColumn, 16);
    sheet.columnWidth(councilDateColumn - 1, councilDateColumn - 1, 2);
    sheet.columnWidth(councilDateColumn, councilDateColumn, 12);
    sheet.columnWidth(councilFlowColumn, councilFlowColumn, 16);
    sheet.freeze(headerRow + 1, 1);
}

// --- Partners --------------------------------------------------------------------------------

void writePartnersSheet(RunContext& c, Sheet& sheet) {
    const auto& s = c.s;
    const auto& ev = c.ev;
    const int years = s.horizonYears + 1;

    // Partner blocks: the same columns as Annual, the allocated ones as values.
    AnnualColumns a;
    int next = 0;
    a.assignReported(next);
    a.assignHelpers(next);

    sheet.text(0, 0, "Partners: each council's share of the annual table", Style::Title);
    sheet.text(1, 0,
               "Allocated columns (baseline, gross savings by savings_share; running, one-off, fees, debt service, net "
               "proceeds, reserve by cost_share) are values: itsb splits each amount by largest remainder in whole "
               "units, which is no spreadsheet formula. Everything else is a formula, and the check block proves the "
               "partners add up to the Annual sheet.",
               Style::Note);
    if (c.revenue())
        sheet.text(2, 0,
                   "Each block also holds the partner's revenue account (council_finance): its allocated columns are "
                   "values (each Revenue total split by cost_share, largest remainder), the rest formulas as on the "
                   "Revenue sheet; the check block covers its allocated columns too (financial years 1..H).",
                   Style::Note);

    // The allocated columns checked against the totals.
    struct Allocated {
        int column;        // in a partner block
        int annualColumn;  // on the Annual sheet
        const char* heading;
    };
    const AnnualColumns& total = c.layout.annual;
    const std::vector<Allocated> allocated{
        {a.baseline, total.baseline, "Baseline"},        {a.grossSavings, total.grossSavings, "Gross savings"},
        {a.runningCosts, total.runningCosts, "Running"}, {a.oneOffCosts, total.oneOffCosts, "One-off"},
        {a.annualFees, total.annualFees, "Fees"},        {a.debtService, total.debtService, "Debt service"},
        {a.netProceeds, total.netProceeds, "Net proceeds"}, {a.reserve, total.reserve, "Reserve"},
    };
    const int checkTitle = 3, checkHeader = 4, checkFirst = 5, checkLast = checkFirst + years - 1;
    const int summaryRow = checkLast + 1;
    int row = summaryRow + 3;

    std::vector<int> blockFirstRows, revenueFirstRows;
    for (std::size_t p = 0; p < ev.partners.size(); ++p) {
        const auto& partner = ev.partners[p];
        sheet.text(row, 0, "partner", Style::Section);
        sheet.text(row, 1, partner.name, Style::Section);
        sheet.text(row, 3, "savings_share", Style::Plain);
        sheet.number(row, 4, partner.savingsShare, Style::Percent);
        sheet.text(row, 5, "cost_share", Style::Plain);
        sheet.number(row, 6, partner.costShare, Style::Percent);
        ++row;
        const auto head = [&](int column, const std::string& text, const std::string& key) {
            sheet.text(row, column, text, Style::Header);
            sheet.text(row + 1, column, key, Style::Key);
        };
        head(a.year, "Year", "year");
        head(a.fiscalYear, "Fiscal year", "fiscal_year");
        head(a.baseline, "Baseline (allocated)", "baseline_expenditure");
        head(a.grossSavings, "Gross savings (allocated)", "gross_savings");
        head(a.runningCosts, "Running costs (allocated)", "running_costs");
        head(a.oneOffCosts, "One-off costs (allocated)", "one_off_costs");
        head(a.netSavings, "Net savings", "net_savings");
        head(a.annualFees, "Annual fees (allocated)", "annual_fees");
        head(a.cfads, "CFADS", "cfads");
        head(a.debtService, "Debt service (allocated)", "debt_service");
        head(a.dscr, "DSCR", "dscr");
        head(a.netProceeds, "Net proceeds (allocated)", "net_proceeds");
        head(a.reserve, "Reserve (allocated)", "reserve");
        head(a.projectFlow, "Project flow", "project_flow");
        head(a.councilFlow, "Council flow", "council_flow");
        head(a.cumulative, "Cumulative position", "cumulative_position");
        head(a.discountFactor, "Discount factor", "discount_factor");
        head(a.cumulativeProject, "Cumulative project flow", "(helper) cumulative_project");
        head(a.payback, "Payback if reached", "(helper) payback");
        head(a.discountedProject, "Discounted project flow", "(helper) discounted_project");
        head(a.cumulativeDiscounted, "Cumulative discounted", "(helper) cumulative_discounted");
        head(a.discountedPayback, "Discounted payback if reached", "(helper) discounted_payback");
        head(a.outOfPocket, "Out of pocket: year + 1", "(helper) out_of_pocket");
        row += 2;
        const int first = row;
        blockFirstRows.push_back(first);
        for (int y = 0; y < years; ++y, ++row) {
            const AnnualRow& r = partner.annual[static_cast<std::size_t>(y)];
            sheet.number(row, a.year, y, Style::Integer);
            sheet.text(row, a.fiscalYear, r.fiscalYear, Style::Plain);
            sheet.number(row, a.baseline, r.baselineExpenditure, Style::Money);
            sheet.number(row, a.grossSavings, r.grossSavings, Style::Money);
            sheet.number(row, a.runningCosts, r.runningCosts, Style::Money);
            sheet.number(row, a.oneOffCosts, r.oneOffCosts, Style::Money);
            sheet.number(row, a.annualFees, r.annualFees, Style::Money);
            sheet.number(row, a.debtService, r.debtService, Style::Money);
            sheet.number(row, a.netProceeds, r.netProceeds, Style::Money);
            sheet.number(row, a.reserve, r.reserve, Style::Money);
            sheet.formula(row, a.discountFactor,
                          "=" + onSheet(kAnnual, cellRef(c.annualRow(y), total.discountFactor, true)), r.discountFactor,
                          Style::Factor);
        }
        writeDerivedAnnualColumns(c, sheet, a, first, partner.annual, c.fig.partnerPayback.at(p));
        ++row;
        std::optional<RevenueRanges> revenue;
        if (c.revenue() && partner.revenue) {
            revenue = writePartnerRevenueTable(c, sheet, row, p);
            revenueFirstRows.push_back(revenue->firstRow);
            ++row;
        }
        sheet.text(row, 0, "metric", Style::Header);
        sheet.text(row, 1, "value", Style::Header);
        sheet.text(row, 2, "how it is computed", Style::Header);
        ++row;
        const AnnualRanges ranges = annualRanges(kPartners, a, first, first + years - 1);
        row = revenue ? writePartnerMetrics(c, sheet, row, ranges, partner, &*revenue)
                      : writeTableMetrics(c, sheet, row, ranges, partner.metrics);
        row += 2;
    }

    sheet.text(checkTitle, 0, "Check: sum over partners less the total, per allocated column (each must be 0.00)",
               Style::Section);
    sheet.text(checkHeader, 0, "Year", Style::Header);
    for (std::size_t i = 0; i < allocated.size(); ++i)
        sheet.text(checkHeader, 1 + static_cast<int>(i), allocated[i].heading, Style::Header);
    for (int y = 0; y < years; ++y) {
        const int checkRow = checkFirst + y;
        sheet.number(checkRow, 0, y, Style::Integer);
        for (std::size_t i = 0; i < allocated.size(); ++i) {
            std::string sum;
            for (int first : blockFirstRows) sum += (sum.empty() ? "" : "+") + cellRef(first + y, allocated[i].column);
            sheet.formula(checkRow, 1 + static_cast<int>(i),
                          c.round(sum + "-" + onSheet(kAnnual, cellRef(c.annualRow(y), allocated[i].annualColumn, true))),
                          0.0, Style::Money);
        }
    }
    // The revenue view's allocated columns, right of those, in financial years 1..H (year 0's row
    // is empty: year 0's amounts are in year 1).
    int checkColumns = static_cast<int>(allocated.size());
    if (c.revenue() && !revenueFirstRows.empty()) {
        const RevenueColumns& rv = c.layout.revenue;  // a partner's revenue table has the same columns
        const std::vector<std::pair<int, const char*>> revenueAllocated{
            {rv.grossSavings, "Revenue: gross savings"},
            {rv.runningCosts, "Revenue: running"},
            {rv.fees, "Revenue: fees"},
            {rv.revenueOneOff, "Revenue: one-off"},
            {rv.capitalReceipts, "Revenue: capital receipts"},
            {rv.grants, "Revenue: grants"},
            {rv.reserves, "Revenue: reserves"},
            {rv.interest, "Revenue: interest accrued"},
            {rv.mrp, "Revenue: MRP"},
            {rv.issuance, "Revenue: issuance costs"},
            {rv.cfrBorrowing, "Revenue: CFR borrowing"}};
        for (std::size_t i = 0; i < revenueAllocated.size(); ++i) {
            const int column = checkColumns + 1 + static_cast<int>(i);
            const int totalColumn = revenueAllocated[i].first;
            sheet.text(checkHeader, column, revenueAllocated[i].second, Style::Header);
            for (int y = 1; y < years; ++y) {
                std::string sum;
                for (int first : revenueFirstRows) sum += (sum.empty() ? "" : "+") + cellRef(first + y - 1, totalColumn);
                const std::string revenueTotal = onSheet(kRevenue, cellRef(c.revenueRow(y), totalColumn, true));
                sheet.formula(checkFirst + y, column, c.round(sum + "-" + revenueTotal), 0.0, Style::Money);
            }
        }
        checkColumns += static_cast<int>(revenueAllocated.size());
    }
    sheet.text(summaryRow, 0, "All partner columns add up to the totals", Style::Plain);
    sheet.formulaText(summaryRow, 1,
                      "IF(SUMPRODUCT(ABS(" + rangeRef(checkFirst, 1, checkLast, checkColumns) +
                          "))=0,\"OK\",\"FAILS\")",
                      "OK", Style::Check);

    sheet.columnWidth(0, 0, 22);
    sheet.columnWidth(1, 1, 16);
    sheet.columnWidth(2, a.outOfPocket, 15);
}

}  // namespace itsb::reports::xlsx
