#pragma once
// The revenue-budget view of a scenario with council_finance (docs/MODEL.md §10): what the
// council's revenue account bears each financial year (interest as it accrues, MRP, issuance
// costs, fees, unfunded revenue costs) against the savings, the capital financing requirement,
// and the comparison with borrowing the same sum from the PWLB.

#include "itsb/finance/types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itsb::scenarios {

using finance::Money;
using finance::Rate;
using finance::Year;

//! One financial year of the revenue account; programme year k is financial year k, year 0's
//! amounts are in year 1. Money rounded.
struct RevenueRow {
    Year year = 1;
    std::string fiscalYear;             //!< "2026/27"
    Money grossSavings = 0.0;
    Money runningCosts = 0.0;
    Money fees = 0.0;                   //!< the bond's annual fees paid in the year
    Money revenueOneOffCosts = 0.0;     //!< revenue one-off costs (after cost bias), however funded
    Money fundedByCapitalReceipts = 0.0;  //!< of those revenue costs, met from capital receipts
    Money fundedByGrants = 0.0;
    Money fundedByReserves = 0.0;
    Money interestAccrued = 0.0;        //!< the schedule's interest split by days across 31 March
    Money mrp = 0.0;
    Money issuanceCosts = 0.0;          //!< charged in the financial year of issue
    //! gross - running - fees - (revenue one-off - funded) - interest - MRP - issuance
    Money netRevenueEffect = 0.0;
    Money cumulative = 0.0;             //!< running sum of the net revenue effect
    Money cfrOpening = 0.0;
    Money cfrBorrowing = 0.0;           //!< capital costs (after cost bias) that no funding item meets
    Money cfrClosing = 0.0;             //!< opening + borrowing - MRP
    std::optional<Money> netRevenueStream;    //!< round(NRS x (1 + growth)^(k - 1))
    std::optional<double> financingCostRatio; //!< (interest accrued + MRP) / net revenue stream
    std::optional<Money> bandDEquivalent;     //!< net revenue effect / tax base, rounded
};

struct RevenueMetrics {
    std::optional<Year> breakEvenYear;            //!< by the rule of break_even_year, on `cumulative`
    std::optional<std::string> breakEvenFiscalYear;
    std::optional<double> maxFinancingCostRatio;
    Money peakCfr = 0.0;                          //!< the largest closing CFR
    Money totalMrp = 0.0;
    Money totalInterestAccrued = 0.0;
};

//! Borrowing the same notional from the PWLB on the same amortization, dates and frequency, at
//! the gilt yield plus the rate type's margin, with no issue price, costs, fees or reserve.
struct PwlbYear {
    Year year = 0;
    std::string fiscalYear;
    Money bondDebtService = 0.0;
    Money pwlbDebtService = 0.0;
};

struct PwlbComparison {
    std::string rateType;        //!< "certainty"
    Rate giltYield = 0.0;
    Rate margin = 0.0;
    Rate rate = 0.0;             //!< gilt + margin
    std::string amortization;    //!< the bond's
    std::optional<std::string> unavailable;  //!< why there is no comparison (other amortizations)
    Money notional = 0.0;
    Money bondTotalInterest = 0.0;
    Money pwlbTotalInterest = 0.0;
    Money bondNpvAfterFinancing = 0.0;
    Money pwlbNpvAfterFinancing = 0.0;
    Money npvDifference = 0.0;   //!< bond - PWLB: above 0, the bond leaves the council better off
    std::vector<PwlbYear> years; //!< programme years 0..H
};

struct RevenueAccount {
    std::string jurisdiction;     //!< "england"
    std::string mrpTitle;         //!< "MRP", or "loans fund repayments" in Scotland
    std::vector<RevenueRow> rows; //!< financial years 1..H
    RevenueMetrics metrics;
    std::optional<PwlbComparison> pwlb;
};

//! A partner's share of the revenue account: each column split by cost share (largest
//! remainder), its CFR rolled forward from its own shares, its ratio on its own revenue stream.
struct PartnerRevenue {
    std::vector<RevenueRow> rows;
    RevenueMetrics metrics;
};

}  // namespace itsb::scenarios
