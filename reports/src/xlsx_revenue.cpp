// The run workbook's Revenue sheet (council_finance, docs/MODEL.md §10): the revenue account by
// financial year as live formulas over Inputs, Schedule and Annual, with the steps a spreadsheet
// needs below it (each one-off cost's funding, borrowing and MRP; each schedule period's interest
// split by days across 31 March), the PWLB comparison, and each partner's revenue table for the
// Partners sheet. Every cached result is the engine's: the account's (RevenueAccount) or its
// steps (WorkbookFigures::revenue); this file computes none.
#include "xlsx_run.hpp"

#include <algorithm>

namespace itsb::reports::xlsx {

using finance::MrpMethod;
using scenarios::Money;
using scenarios::RevenueRow;
using scenarios::Year;

namespace {

//! The headings and JSON keys of a revenue table; `allocated` marks the columns a partner's table
//! holds as values.
void revenueHeadings(Sheet& sheet, int headerRow, const RevenueColumns& r, const std::string& mrpTitle,
                     bool allocated) {
    const std::string mark = allocated ? " (allocated)" : "";
    heading(sheet, headerRow, r.year, "Year", "year");
    heading(sheet, headerRow, r.fiscalYear, "Fiscal year", "fiscal_year");
    heading(sheet, headerRow, r.grossSavings, "Gross savings" + mark, "gross_savings");
    heading(sheet, headerRow, r.runningCosts, "Running costs" + mark, "running_costs");
    heading(sheet, headerRow, r.fees, "Fees" + mark, "fees");
    heading(sheet, headerRow, r.revenueOneOff, "Revenue one-off costs" + mark, "revenue_one_off_costs");
    heading(sheet, headerRow, r.capitalReceipts, "Funded by capital receipts" + mark, "funded_by_capital_receipts");
    heading(sheet, headerRow, r.grants, "Funded by grants" + mark, "funded_by_grants");
    heading(sheet, headerRow, r.reserves, "Funded by reserves" + mark, "funded_by_reserves");
    heading(sheet, headerRow, r.interest, "Interest accrued" + mark, "interest_accrued");
    heading(sheet, headerRow, r.mrp, (mrpTitle == "MRP" ? "MRP" : "Loans fund repayments") + mark, "mrp");
    heading(sheet, headerRow, r.issuance, "Issuance costs" + mark, "issuance_costs");
    heading(sheet, headerRow, r.netEffect, "Net revenue effect", "net_revenue_effect");
    heading(sheet, headerRow, r.cumulative, "Cumulative", "cumulative");
    heading(sheet, headerRow, r.cfrOpening, "CFR opening", "cfr_opening");
    heading(sheet, headerRow, r.cfrBorrowing, "CFR borrowing" + mark, "cfr_borrowing");
    heading(sheet, headerRow, r.cfrClosing, "CFR closing", "cfr_closing");
    heading(sheet, headerRow, r.stream, "Net revenue stream", "net_revenue_stream");
    heading(sheet, headerRow, r.ratio, "Financing-cost ratio", "financing_cost_ratio");
    heading(sheet, headerRow, r.bandD, "Band D equivalent", "band_d_equivalent");
    heading(sheet, headerRow, r.unfundedRevenue, "Revenue one-off costs left to the budget",
            "(helper) unfunded_revenue_costs");
    heading(sheet, headerRow, r.outOfPocket, "Out of pocket: year + 1", "(helper) out_of_pocket");
}

//! round(amount x (1 + growth)^(year - 1)), as the Annual sheet grows the baseline.
std::string streamFormula(const RunContext& c, const std::string& amount, const std::string& growth,
                          const std::string& year) {
    return c.round(amount + "*(1+" + growth + ")^(" + year + "-1)");
}

}  // namespace

// --- Shared with the Partners sheet ------------------------------------------------------------

void writeDerivedRevenueColumns(RunContext& c, Sheet& sheet, const RevenueColumns& r, int firstRow,
                                const std::vector<RevenueRow>& rows, const scenarios::RevenueHelperColumns& helpers,
                                const std::function<std::string(const std::string&)>& stream,
                                const std::string& taxBase) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const RevenueRow& v = rows[i];
        const int row = firstRow + static_cast<int>(i);
        const auto at = [&](int column) { return cellRef(row, column); };
        const auto above = [&](int column) { return cellRef(row - 1, column); };
        sheet.formula(row, r.unfundedRevenue,
                      c.round(at(r.revenueOneOff) + "-" + at(r.capitalReceipts) + "-" + at(r.grants) + "-" +
                              at(r.reserves)),
                      helpers.unfundedRevenueCosts.at(i), Style::Money);
        sheet.formula(row, r.netEffect,
                      c.round(at(r.grossSavings) + "-" + at(r.runningCosts) + "-" + at(r.fees) + "-" +
                              at(r.unfundedRevenue) + "-" + at(r.interest) + "-" + at(r.mrp) + "-" + at(r.issuance)),
                      v.netRevenueEffect, Style::Money);
        sheet.formula(row, r.cumulative,
                      i == 0 ? c.round(at(r.netEffect)) : c.round(above(r.cumulative) + "+" + at(r.netEffect)),
                      v.cumulative, Style::Money);
        sheet.formula(row, r.cfrOpening, i == 0 ? "0" : "=" + above(r.cfrClosing), v.cfrOpening, Style::Money);
        sheet.formula(row, r.cfrClosing, c.round(at(r.cfrOpening) + "+" + at(r.cfrBorrowing) + "-" + at(r.mrp)),
                      v.cfrClosing, Style::Money);
        const std::string streamCell = stream(at(r.year));
        if (streamCell.empty()) {
            sheet.blank(row, r.stream, Style::Money);
            sheet.blank(row, r.ratio, Style::Percent);
        } else {
            sheet.formula(row, r.stream, streamCell, v.netRevenueStream.value_or(0.0), Style::Money);
            sheet.formula(row, r.ratio, c.round(at(r.interest) + "+" + at(r.mrp)) + "/" + at(r.stream),
                          v.financingCostRatio.value_or(0.0), Style::Percent);
        }
        if (taxBase.empty())
            sheet.blank(row, r.bandD, Style::Money);
        else
            sheet.formula(row, r.bandD, c.round(at(r.netEffect) + "/" + taxBase), v.bandDEquivalent.value_or(0.0),
                          Style::Money);
        // Break-even: the year after the last one whose cumulative effect is below 0.00.
        sheet.formula(row, r.outOfPocket, "IF(" + at(r.cumulative) + "<0," + at(r.year) + "+1,0)",
                      helpers.outOfPocket.at(i), Style::Integer);
    }
}

RevenueRanges revenueRanges(const std::string& sheet, const RevenueColumns& r, int firstRow, int lastRow) {
    const auto range = [&](int column) { return onSheet(sheet, rangeRef(firstRow, column, lastRow, column)); };
    RevenueRanges out;
    out.fiscalYears = range(r.fiscalYear);
    out.interest = range(r.interest);
    out.mrp = range(r.mrp);
    out.cumulative = range(r.cumulative);
    out.cfrClosing = range(r.cfrClosing);
    out.ratios = range(r.ratio);
    out.outOfPocket = range(r.outOfPocket);
    out.firstRow = firstRow;
    return out;
}

RevenueRanges writePartnerRevenueTable(RunContext& c, Sheet& sheet, int& row, std::size_t p) {
    const scenarios::PartnerResult& partner = c.ev.partners.at(p);
    const std::vector<RevenueRow>& rows = partner.revenue->rows;
    RevenueColumns r;
    int next = 0;
    r.assign(next);
    sheet.text(row, 0, "revenue_account", Style::Section);
    sheet.text(row, 2,
               "the partner's revenue account: the allocated columns are values (each total split by cost_share, "
               "largest remainder in whole units); the CFR rolls forward from its own borrowing and " +
                   c.ev.revenue->mrpTitle + ", its ratio on its own net revenue stream, Band D on its own tax base",
               Style::Note);
    ++row;
    revenueHeadings(sheet, row, r, c.ev.revenue->mrpTitle, true);
    row += 2;
    const int first = row;
    for (const RevenueRow& v : rows) {
        sheet.number(row, r.year, v.year, Style::Integer);
        sheet.text(row, r.fiscalYear, v.fiscalYear, Style::Plain);
        const std::vector<std::pair<int, Money>> allocated{
            {r.grossSavings, v.grossSavings},  {r.runningCosts, v.runningCosts},
            {r.fees, v.fees},                  {r.revenueOneOff, v.revenueOneOffCosts},
            {r.capitalReceipts, v.fundedByCapitalReceipts}, {r.grants, v.fundedByGrants},
            {r.reserves, v.fundedByReserves},  {r.interest, v.interestAccrued},
            {r.mrp, v.mrp},                    {r.issuance, v.issuanceCosts},
            {r.cfrBorrowing, v.cfrBorrowing}};
        for (const auto& [column, value] : allocated) sheet.number(row, column, value, Style::Money);
        ++row;
    }
    const RunContext::PartnerCells& cells = c.partnerCells.at(p);
    const auto stream = [&](const std::string& year) {
        return cells.streamAmount.empty() ? std::string() : streamFormula(c, cells.streamAmount, cells.streamGrowth, year);
    };
    writeDerivedRevenueColumns(c, sheet, r, first, rows, c.revenueFig().partnerHelpers.at(p), stream, cells.taxBase);
    return revenueRanges(kPartners, r, first, row - 1);
}

// --- Revenue -----------------------------------------------------------------------------------

void writeRevenueSheet(RunContext& c, Sheet& sheet) {
    const auto& s = c.s;
    const auto& ev = c.ev;
    const scenarios::RevenueAccount& account = *ev.revenue;
    const scenarios::CouncilFinance& cf = *s.councilFinance;
    const RunLayout& l = c.layout;
    const RevenueColumns& r = l.revenue;
    const AnnualColumns& a = l.annual;
    const ScheduleColumns& k = l.schedule;
    const int years = s.horizonYears;
    const int first = l.revenueFirstRow, last = first + years - 1;
    const int headerRow = first - 2;
    const MrpMethod method = cf.mrp.method;
    const bool fourPercent = method == MrpMethod::CfrFourPercent;
    const scenarios::RevenueWorkbookFigures& fig = c.revenueFig();
    const int costCount = static_cast<int>(s.programme.oneOffCosts.size());
    const int itemCount = static_cast<int>(cf.funding.size());
    const std::string& mrpTitle = account.mrpTitle;

    sheet.text(0, 0, "Revenue account (financial years, 1 April to 31 March; docs/MODEL.md §10): " + s.name,
               Style::Title);
    sheet.text(1, 0,
               "Programme year k is financial year k; year 0's amounts fall in year 1. Every figure is a formula over "
               "Inputs, Schedule, Annual and the steps below the table: each one-off cost's funding, borrowing and " +
                   mrpTitle + ", and each schedule period's interest split by days across 31 March.",
               Style::Note);
    sheet.text(2, 0,
               "Columns after the Band D equivalent are helpers (labelled): the revenue costs left to the year's "
               "budget, the break-even marker" +
                   std::string(fourPercent ? "" : ", and each capital cost's " + mrpTitle + " year by year") + ".",
               Style::Note);

    // Parameters, above the table.
    int p = 4;
    const int labelColumn = 0, valueColumn = r.fees;
    const auto parameter = [&](const std::string& label, const std::string& formula, double cached, Style style,
                               const std::string& name) {
        sheet.text(p, labelColumn, label, Style::Plain);
        sheet.formula(p, valueColumn, formula, cached, style);
        c.book.defineName(name, onSheet(kRevenue, cellRef(p, valueColumn, true)));
        ++p;
    };
    parameter("First financial year (the calendar year of its 1 April)", "YEAR(StartDate)-(MONTH(StartDate)<4)",
              fig.firstFiscalYear, Style::Integer, "FirstFiscalYear");
    parameter("Financial year of the issue date (1 = the first)", "YEAR(IssueDate)-(MONTH(IssueDate)<4)-FirstFiscalYear+1",
              fig.issueFinancialYear, Style::Integer, "IssueFinancialYear");
    // Without the block's own, the partners' streams and tax bases added, when every partner gives one.
    bool partnerStreams = !s.partners.empty(), partnerTaxBases = !s.partners.empty();
    for (const auto& partner : s.partners) {
        partnerStreams = partnerStreams && partner.netRevenueStream.has_value();
        partnerTaxBases = partnerTaxBases && partner.taxBase.has_value();
    }
    std::string taxBase = cf.taxBase ? "TaxBase" : "";
    if (!cf.taxBase && partnerTaxBases) {
        std::string sum;
        for (std::size_t i = 0; i < s.partners.size(); ++i) sum += (sum.empty() ? "" : "+") + c.partnerCells[i].taxBase;
        parameter("Tax base: the partners' Band D equivalents added", sum, fig.taxBase.value_or(0.0), Style::Number,
                  "TaxBase");
        taxBase = "TaxBase";
    }
    sheet.text(p++, labelColumn,
               cf.netRevenueStream
                   ? "Net revenue stream: Inputs' (council_finance), ROUND(amount x (1 + growth)^(year - 1))"
               : partnerStreams ? "Net revenue stream: the partners' added, each ROUND(amount x (1 + growth)^(year - 1))"
                                : "Net revenue stream: none given, so no financing-cost ratio",
               Style::Note);

    // The table.
    revenueHeadings(sheet, headerRow, r, mrpTitle, false);
    for (std::size_t i = 0; i < s.programme.oneOffCosts.size(); ++i)
        if (!l.mrpColumns.empty() && l.mrpColumns[i] >= 0)
            heading(sheet, headerRow, l.mrpColumns[i], mrpTitle + ": " + s.programme.oneOffCosts[i].name,
                    "(helper) mrp_" + std::to_string(static_cast<int>(i) + 1));

    // Below the table: the one-off costs, the funding applied, the interest split.
    const int costTitle = last + 3, costHeader = costTitle + 1, costFirst = costTitle + 3;
    const int costLast = costFirst + std::max(costCount, 1) - 1;
    const int fundTitle = costLast + 3, fundHeader = fundTitle + 1, fundFirst = fundTitle + 3;
    const int fundLast = fundFirst + itemCount - 1;
    const int splitTitle = itemCount > 0 ? fundLast + 3 : fundTitle;
    const int splitHeader = splitTitle + 1, splitFirst = splitTitle + 3;
    const int periods = static_cast<int>(ev.schedule.rows.size());
    const int splitLast = splitFirst + periods - 1;

    // Cost table columns.
    const int cNumber = 0, cName = 1, cYear = 2, cFiscal = 3, cKind = 4, cCost = 5, cReceipts = 6, cGrants = 7,
              cReserves = 8, cUnfunded = 9, cBorrowed = 10, cLife = 11, cFirstYear = 12, cFirstProvision = 13;

    for (Year y = 1; y <= years; ++y) {
        const RevenueRow& v = account.rows[static_cast<std::size_t>(y - 1)];
        const int row = c.revenueRow(y);
        const auto at = [&](int column) { return cellRef(row, column); };
        const std::string yRef = at(r.year);
        const auto annual = [&](Year programmeYear, int column) {
            return onSheet(kAnnual, cellRef(c.annualRow(programmeYear), column, true));
        };
        // The cash view's amounts: year k in financial year k, year 0 added to year 1.
        const auto fromAnnual = [&](int column) {
            return y == 1 ? c.round(annual(0, column) + "+" + annual(1, column)) : "=" + annual(y, column);
        };
        sheet.number(row, r.year, y, Style::Integer);
        sheet.text(row, r.fiscalYear, v.fiscalYear, Style::Plain);
        sheet.formula(row, r.grossSavings, fromAnnual(a.grossSavings), v.grossSavings, Style::Money);
        sheet.formula(row, r.runningCosts, fromAnnual(a.runningCosts), v.runningCosts, Style::Money);
        sheet.formula(row, r.fees, fromAnnual(a.annualFees), v.fees, Style::Money);
        const auto revenueCosts = [&](const std::string& column) {
            return costCount == 0 ? std::string("0")
                                  : c.round("SUMIFS(" + column + ",RevenueCostYears," + yRef +
                                            ",RevenueCostKinds,\"revenue\")");
        };
        sheet.formula(row, r.revenueOneOff, revenueCosts("RevenueCostAmounts"), v.revenueOneOffCosts, Style::Money);
        sheet.formula(row, r.capitalReceipts, revenueCosts("RevenueCostReceipts"), v.fundedByCapitalReceipts,
                      Style::Money);
        sheet.formula(row, r.grants, revenueCosts("RevenueCostGrants"), v.fundedByGrants, Style::Money);
        sheet.formula(row, r.reserves, revenueCosts("RevenueCostReserves"), v.fundedByReserves, Style::Money);
        sheet.formula(row, r.interest, c.round("SUMIF(InterestSplitYears," + yRef + ",InterestSplitParts)"),
                      v.interestAccrued, Style::Money);
        std::string mrp;
        if (fourPercent) {
            mrp = c.round("0.04*" + at(r.cfrOpening));
        } else {
            std::string sum;
            for (int column : l.mrpColumns)
                if (column >= 0) sum += (sum.empty() ? "" : "+") + at(column);
            mrp = sum.empty() ? "0" : c.round(sum);
        }
        sheet.formula(row, r.mrp, mrp, v.mrp, Style::Money);
        sheet.formula(row, r.issuance, "IF(" + yRef + "=IssueFinancialYear,IssuanceCosts,0)", v.issuanceCosts,
                      Style::Money);
        sheet.formula(row, r.cfrBorrowing,
                      costCount == 0 ? "0" : c.round("SUMIF(RevenueCostYears," + yRef + ",RevenueCostBorrowed)"),
                      v.cfrBorrowing, Style::Money);

        // Each capital cost's provision in year y: year t = y - F + 1 of its life L from its first
        // year F; each year rounded, the last (t = L) clearing the cost.
        for (int i = 0; i < costCount && !fourPercent; ++i) {
            const int column = l.mrpColumns[static_cast<std::size_t>(i)];
            if (column < 0) continue;
            const int costRow = costFirst + i;
            const std::string start = cellRef(costRow, cFirstYear, true), life = cellRef(costRow, cLife, true),
                              amount = cellRef(costRow, cBorrowed, true),
                              firstProvision = cellRef(costRow, cFirstProvision, true);
            const std::string t = "(" + yRef + "-" + start + "+1)";
            const std::string provision =
                method == MrpMethod::AssetLifeAnnuity
                    ? c.round(firstProvision + "*(1+MrpRate)^(" + yRef + "-" + start + ")")
                    : c.round(firstProvision);
            const std::string given = y == 1 ? "0" : "SUM(" + rangeRef(first, column, row - 1, column) + ")";
            sheet.formula(row, column,
                          "IF(OR(" + yRef + "<" + start + "," + t + ">" + life + "),0,IF(" + t + "<" + life + "," +
                              provision + "," + c.round(amount + "-" + given) + "))",
                          fig.costs.at(static_cast<std::size_t>(i)).provisions.at(static_cast<std::size_t>(y - 1)),
                          Style::Money);
        }
    }
    const std::function<std::string(const std::string&)> stream = [&](const std::string& year) -> std::string {
        if (cf.netRevenueStream) return streamFormula(c, "RevenueStreamAmount", "RevenueStreamGrowth", year);
        if (!partnerStreams) return "";
        std::string sum;
        for (const auto& cells : c.partnerCells)
            sum += (sum.empty() ? "" : "+") + streamFormula(c, cells.streamAmount, cells.streamGrowth, year);
        return c.round(sum);
    };
    writeDerivedRevenueColumns(c, sheet, r, first, account.rows, fig.helpers, stream, taxBase);

    const auto nameColumn = [&](const std::string& name, int column, int from, int to) {
        c.book.defineName(name, onSheet(kRevenue, rangeRef(from, column, to, column)));
    };
    nameColumn("RevenueFiscalYears", r.fiscalYear, first, last);
    nameColumn("RevenueInterestAccrued", r.interest, first, last);
    nameColumn("RevenueMrp", r.mrp, first, last);
    nameColumn("RevenueCumulative", r.cumulative, first, last);
    nameColumn("RevenueCfrClosing", r.cfrClosing, first, last);
    nameColumn("RevenueFinancingCostRatios", r.ratio, first, last);
    nameColumn("RevenueOutOfPocketMarks", r.outOfPocket, first, last);

    // --- One-off costs: funding, borrowing and MRP ---
    sheet.text(costTitle, 0,
               "One-off costs (Inputs): after cost optimism bias, what the funding items meet, what is borrowed "
               "(capital costs) and, for asset-life " + mrpTitle + ", its life and first year",
               Style::Section);
    const auto costHeading = [&](int column, const std::string& text, const std::string& key) {
        heading(sheet, costHeader, column, text, key);
    };
    costHeading(cNumber, "Cost no.", "(cost) number");
    costHeading(cName, "Cost", "(cost) name");
    costHeading(cYear, "Programme year", "(cost) year");
    costHeading(cFiscal, "Financial year", "(cost) financial_year");
    costHeading(cKind, "Kind", "(cost) kind");
    costHeading(cCost, "Cost after bias", "(cost) amount");
    costHeading(cReceipts, "Capital receipts", "(cost) capital_receipts");
    costHeading(cGrants, "Grants", "(cost) grants");
    costHeading(cReserves, "Reserves", "(cost) reserves");
    costHeading(cUnfunded, "Left after funding", "(cost) unfunded");
    costHeading(cBorrowed, "Borrowed (capital)", "(cost) borrowed");
    if (!fourPercent) {
        costHeading(cLife, "Asset life (years)", "(cost) life");
        costHeading(cFirstYear, "First " + mrpTitle + " year", "(cost) first_mrp_year");
        costHeading(cFirstProvision,
                    method == MrpMethod::AssetLifeAnnuity ? "First year's provision A r / ((1 + r)^L - 1)"
                                                          : "Yearly provision A / L",
                    "(cost) first_provision");
    }
    if (costCount == 0) sheet.text(costFirst, 0, "(no one-off costs)", Style::Note);
    for (int i = 0; i < costCount; ++i) {
        const auto index = static_cast<std::size_t>(i);
        const scenarios::RevenueCostFigures& f = fig.costs.at(index);
        const bool capital = s.programme.oneOffCosts[index].kind == scenarios::CostKind::Capital;
        const RunContext::OneOffCells& input = c.oneOffs.at(index);
        const int row = costFirst + i;
        const auto at = [&](int column) { return cellRef(row, column); };
        sheet.number(row, cNumber, i + 1, Style::Integer);
        sheet.text(row, cName, s.programme.oneOffCosts[index].name, Style::Plain);
        sheet.formula(row, cYear, "=" + input.year, s.programme.oneOffCosts[index].year, Style::Integer);
        sheet.formula(row, cFiscal, "MAX(" + at(cYear) + ",1)", f.fiscalYear, Style::Integer);
        sheet.formulaText(row, cKind, "=" + input.kind, std::string(scenarios::name(s.programme.oneOffCosts[index].kind)),
                          Style::Plain);
        sheet.formula(row, cCost, c.round(input.amount + "*(1+CostOptimismBias)"), f.cost, Style::Money);
        const auto funded = [&](const char* source) {
            return itemCount == 0 ? std::string("0")
                                  : c.round("SUMIFS(FundingUsed,FundingCostNumbers," + at(cNumber) +
                                            ",FundingSources,\"" + source + "\")");
        };
        sheet.formula(row, cReceipts, funded("capital_receipts"), f.capitalReceipts, Style::Money);
        sheet.formula(row, cGrants, funded("grant"), f.grants, Style::Money);
        sheet.formula(row, cReserves, funded("reserves"), f.reserves, Style::Money);
        sheet.formula(row, cUnfunded,
                      c.round(at(cCost) + "-" + at(cReceipts) + "-" + at(cGrants) + "-" + at(cReserves)), f.unfunded,
                      Style::Money);
        sheet.formula(row, cBorrowed, "IF(" + at(cKind) + "=\"capital\"," + at(cUnfunded) + ",0)", f.borrowed,
                      Style::Money);
        if (fourPercent || !capital) continue;
        if (!input.life.empty())
            sheet.formula(row, cLife, "=" + input.life, f.lifeYears, Style::Integer);
        else if (cf.mrp.assetLifeYears)
            sheet.formula(row, cLife, "=MrpAssetLife", f.lifeYears, Style::Integer);
        else
            sheet.number(row, cLife, f.lifeYears, Style::Integer);  // not reached: the reader asks for a life
        sheet.formula(row, cFirstYear, at(cFiscal) + "+IF(MrpStart=\"same_year\",0,1)", f.firstMrpYear,
                      Style::Integer);
        const std::string amount = at(cBorrowed), life = at(cLife);
        sheet.formula(row, cFirstProvision,
                      method == MrpMethod::AssetLifeAnnuity
                          ? "IF(MrpRate=0," + amount + "/" + life + "," + amount + "*MrpRate/((1+MrpRate)^" + life +
                                "-1))"
                          : amount + "/" + life,
                      f.firstProvision, Style::Money);
    }
    if (costCount > 0) {
        nameColumn("RevenueCostYears", cFiscal, costFirst, costLast);
        nameColumn("RevenueCostKinds", cKind, costFirst, costLast);
        nameColumn("RevenueCostAmounts", cCost, costFirst, costLast);
        nameColumn("RevenueCostReceipts", cReceipts, costFirst, costLast);
        nameColumn("RevenueCostGrants", cGrants, costFirst, costLast);
        nameColumn("RevenueCostReserves", cReserves, costFirst, costLast);
        nameColumn("RevenueCostBorrowed", cBorrowed, costFirst, costLast);
    }

    // --- Funding applied: in input order, each item at most what is left of its cost ---
    const int fItem = 0, fCost = 1, fSource = 2, fAmount = 3, fLeft = 4, fUsed = 5;
    if (itemCount > 0) {
        sheet.text(fundTitle, 0,
                   "Funding applied (Inputs' funding items in order): each meets at most what is left of its cost",
                   Style::Section);
        heading(sheet, fundHeader, fItem, "Item", "(funding) number");
        heading(sheet, fundHeader, fCost, "Cost no.", "(funding) cost");
        heading(sheet, fundHeader, fSource, "Source", "(funding) source");
        heading(sheet, fundHeader, fAmount, "Amount", "(funding) amount");
        heading(sheet, fundHeader, fLeft, "Left of the cost before it", "(funding) left");
        heading(sheet, fundHeader, fUsed, "Used", "(funding) used");
        for (int j = 0; j < itemCount; ++j) {
            const auto index = static_cast<std::size_t>(j);
            const scenarios::FundingItemFigures& g = fig.funding.at(index);
            const RunContext::FundingCells& input = c.funding.at(index);
            const int row = fundFirst + j;
            const auto at = [&](int column) { return cellRef(row, column); };
            sheet.number(row, fItem, j + 1, Style::Integer);
            sheet.formula(row, fCost, "=" + input.cost, static_cast<double>(cf.funding[index].cost + 1), Style::Integer);
            sheet.formulaText(row, fSource, "=" + input.source, std::string(scenarios::name(cf.funding[index].source)),
                              Style::Plain);
            sheet.formula(row, fAmount, c.round(input.amount), g.amount, Style::Money);
            const std::string before =
                j == 0 ? "" : "-SUMIF(" + rangeRef(fundFirst, fCost, row - 1, fCost) + "," + at(fCost) + "," +
                                  rangeRef(fundFirst, fUsed, row - 1, fUsed) + ")";
            sheet.formula(row, fLeft, c.round("INDEX(RevenueCostAmounts," + at(fCost) + ")" + before), g.left,
                          Style::Money);
            sheet.formula(row, fUsed, "MIN(" + at(fAmount) + "," + at(fLeft) + ")", g.used, Style::Money);
        }
        nameColumn("FundingUsed", fUsed, fundFirst, fundLast);
    }

    // --- Interest accrued: each period split by days across 31 March ---
    const int K = fig.partColumns;
    const int sPeriod = 0, sStart = 1, sEnd = 2, sInterest = 3, sDays = 4, sFiscal = 5, sYears = 6, sPartDays = 6 + K,
              sParts = 6 + 2 * K;
    sheet.text(splitTitle, 0,
               "Interest accrued: each period's interest (Schedule) split across the financial years of its accrual "
               "period [start, end) by days; each part rounded, the last taking the remainder",
               Style::Section);
    heading(sheet, splitHeader, sPeriod, "Period", "(split) period");
    heading(sheet, splitHeader, sStart, "Accrual start", "(split) accrual_start");
    heading(sheet, splitHeader, sEnd, "Accrual end", "(split) accrual_end");
    heading(sheet, splitHeader, sInterest, "Interest", "(split) interest");
    heading(sheet, splitHeader, sDays, "Days", "(split) days");
    heading(sheet, splitHeader, sFiscal, "Its first financial year (calendar year of 1 April)", "(split) fiscal_year");
    for (int q = 1; q <= K; ++q) {
        const std::string n = std::to_string(q);
        heading(sheet, splitHeader, sYears + q - 1, "Part " + n + ": year", "(split) year_" + n);
        heading(sheet, splitHeader, sPartDays + q - 1, "Part " + n + ": days", "(split) days_" + n);
        heading(sheet, splitHeader, sParts + q - 1, "Part " + n + ": interest", "(split) part_" + n);
    }
    for (int j = 1; j <= periods; ++j) {
        const auto index = static_cast<std::size_t>(j - 1);
        const auto& sr = ev.schedule.rows[index];
        const scenarios::InterestSplitFigures& split = fig.interestSplits.at(index);
        const int row = splitFirst + j - 1;
        const auto at = [&](int column) { return cellRef(row, column); };
        const auto schedule = [&](int column) { return onSheet(kSchedule, cellRef(c.scheduleRow(j), column, true)); };
        sheet.number(row, sPeriod, j, Style::Integer);
        sheet.formula(row, sStart, "=" + schedule(k.accrualStart), sr.accrualStart.serial(), Style::Date);
        sheet.formula(row, sEnd, "=" + schedule(k.accrualEnd), sr.accrualEnd.serial(), Style::Date);
        sheet.formula(row, sInterest, "=" + schedule(k.interest), sr.interest, Style::Money);
        sheet.formula(row, sDays, at(sEnd) + "-" + at(sStart), split.days, Style::Integer);
        sheet.formula(row, sFiscal, "YEAR(" + at(sStart) + ")-(MONTH(" + at(sStart) + ")<4)", split.firstFiscalYear,
                      Style::Integer);
        const std::string fy = at(sFiscal);
        for (int q = 1; q <= K; ++q) {
            const auto part = static_cast<std::size_t>(q - 1);
            const std::string april = "DATE(" + fy + (q == 1 ? "" : "+" + std::to_string(q - 1)) + ",4,1)";
            const std::string nextApril = "DATE(" + fy + "+" + std::to_string(q) + ",4,1)";
            sheet.formula(row, sYears + q - 1, fy + "-FirstFiscalYear+" + std::to_string(q), split.years[part],
                          Style::Integer);
            sheet.formula(row, sPartDays + q - 1,
                          "MAX(0,MIN(" + at(sEnd) + "," + nextApril + ")-MAX(" + at(sStart) + "," + april + "))",
                          split.partDays[part], Style::Integer);
            // The last part (the next has no days) takes the remainder, so the parts add up.
            const std::string days = at(sPartDays + q - 1);
            const std::string given = q == 1 ? "" : "-SUM(" + rangeRef(row, sParts, row, sParts + q - 2) + ")";
            const std::string remainder = c.round(at(sInterest) + given);
            const std::string share = c.round(at(sInterest) + "*" + days + "/" + at(sDays));
            const std::string amount =
                q == K ? remainder : "IF(" + at(sPartDays + q) + "=0," + remainder + "," + share + ")";
            sheet.formula(row, sParts + q - 1, "IF(" + days + "=0,0," + amount + ")", split.parts[part], Style::Money);
        }
    }
    c.book.defineName("InterestSplitYears", onSheet(kRevenue, rangeRef(splitFirst, sYears, splitLast, sYears + K - 1)));
    c.book.defineName("InterestSplitParts", onSheet(kRevenue, rangeRef(splitFirst, sParts, splitLast, sParts + K - 1)));
    int row = splitLast + 1;
    sheet.text(row++, 0,
               "Part q covers 1 April of (its first financial year + q - 1) to the next 1 April, within [start, end); "
               "interest_accrued of a year is ROUND(SUMIF(InterestSplitYears, year, InterestSplitParts)).",
               Style::Note);

    // --- PWLB comparison: a second evaluation, so its figures are values ---
    if (account.pwlb) {
        const scenarios::PwlbComparison& pw = *account.pwlb;
        row += 2;
        const int keyColumn = 0, valueOf = 2, noteOf = 3;
        sheet.text(row++, 0, "pwlb_comparison", Style::Section);
        sheet.text(row++, 0,
                   "The same notional borrowed from the PWLB on the bond's amortization, dates and frequency at gilt "
                   "yield + margin, at par with no costs, fees, reserve, interest-only or capitalised years. Its "
                   "figures are values: itsb evaluates that loan as a second scenario (this one with those bond terms "
                   "and without council_finance), whose schedule this workbook does not hold.",
                   Style::Note);
        const auto item = [&](const std::string& key, const std::string& note) {
            sheet.text(row, keyColumn, key, Style::Plain);
            if (!note.empty()) sheet.text(row, noteOf, note, Style::Note);
            return row++;
        };
        sheet.text(item("rate_type", "Inputs"), valueOf, pw.rateType, Style::Plain);
        sheet.formula(item("gilt_yield", "Inputs"), valueOf, "=PwlbGiltYield", pw.giltYield, Style::Percent);
        sheet.formula(item("margin", "Inputs"), valueOf, "=PwlbMargin", pw.margin, Style::Percent);
        sheet.formula(item("rate", "gilt yield + margin"), valueOf, "PwlbGiltYield+PwlbMargin", pw.rate,
                      Style::Percent);
        sheet.text(item("amortization", "the bond's"), valueOf, pw.amortization, Style::Plain);
        sheet.text(item("available", ""), valueOf, pw.unavailable ? "false" : "true", Style::Plain);
        if (pw.unavailable) {
            sheet.text(item("reason", ""), valueOf, *pw.unavailable, Style::Plain);
        } else {
            sheet.formula(item("notional", "Inputs"), valueOf, "=Notional", pw.notional, Style::Money);
            const int bondInterest = item("bond_total_interest", "Metrics: total_interest");
            sheet.formula(bondInterest, valueOf, "=" + metricName("total_interest"), pw.bondTotalInterest, Style::Money);
            sheet.number(item("pwlb_total_interest", "value: the PWLB loan's schedule"), valueOf, pw.pwlbTotalInterest,
                         Style::Money);
            const int bondNpv = item("bond_npv_after_financing", "Metrics: npv_after_financing");
            sheet.formula(bondNpv, valueOf, "=" + metricName("npv_after_financing"), pw.bondNpvAfterFinancing,
                          Style::Money);
            const int pwlbNpv = item("pwlb_npv_after_financing",
                                     "value: NPV after financing with the PWLB loan instead of the bond");
            sheet.number(pwlbNpv, valueOf, pw.pwlbNpvAfterFinancing, Style::Money);
            sheet.formula(item("npv_difference", "bond - PWLB: above 0, the bond leaves the council better off"),
                          valueOf, c.round(cellRef(bondNpv, valueOf) + "-" + cellRef(pwlbNpv, valueOf)), pw.npvDifference,
                          Style::Money);
            ++row;
            sheet.text(row++, 0, "debt_service", Style::Section);
            heading(sheet, row, 0, "Year", "year");
            heading(sheet, row, 1, "Fiscal year", "fiscal_year");
            heading(sheet, row, 2, "Bond debt service (Annual)", "bond_debt_service");
            heading(sheet, row, 3, "PWLB debt service (value)", "pwlb_debt_service");
            row += 2;
            for (const auto& y : pw.years) {
                sheet.number(row, 0, y.year, Style::Integer);
                sheet.text(row, 1, y.fiscalYear, Style::Plain);
                sheet.formula(row, 2, "=" + onSheet(kAnnual, cellRef(c.annualRow(y.year), a.debtService, true)),
                              y.bondDebtService, Style::Money);
                sheet.number(row, 3, y.pwlbDebtService, Style::Money);
                ++row;
            }
        }
    }

    sheet.columnWidth(0, 0, 10);
    sheet.columnWidth(1, 1, 24);
    int lastColumn = std::max(r.outOfPocket, sParts + K - 1);
    for (int column : l.mrpColumns) lastColumn = std::max(lastColumn, column);
    sheet.columnWidth(2, lastColumn, 15);
    sheet.freeze(first, 2);
}

}  // namespace itsb::reports::xlsx
