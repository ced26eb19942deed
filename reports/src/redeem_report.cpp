// `itsb redeem` as JSON, a key,value CSV table and a Document: the PWLB premium or discount for
// repaying the bond early, with the DMO formula's terms.

#include "itsb/reports/redeem_report.hpp"

#include "csv_format.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/redemption.hpp"
#include "itsb/version.hpp"
#include "run_document.hpp"
#include "text_table.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <utility>

namespace itsb::reports {

namespace {

using scenarios::Cell;
using scenarios::formatMoney;
using scenarios::formatNumber;
using scenarios::RedemptionQuote;
using scenarios::ValueKind;

//! Fixed decimals without trailing zeros: 182.5, 30.4167, 8.375.
std::string trimmedNumber(double value, int decimals) {
    std::string text = formatNumber(value, decimals);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

//! A rate as a percentage with no trailing zeros: "8.375%", "11.5%".
std::string percentText(double rate) { return trimmedNumber(rate * 100.0, 6) + "%"; }

//! The report's rows in one order for JSON and CSV: SPEC §6's keys, then itsb's extra keys.
struct Entry {
    std::string key;
    ValueKind kind;
    Cell value;
};

std::vector<Entry> entries(const RedemptionQuote& q) {
    const auto& r = q.repayment;
    return {
        {"date", ValueKind::Text, q.date.iso()},
        {"rate", ValueKind::Percent, q.rate},
        {"outstanding", ValueKind::Amount, r.outstanding},
        {"accrued_interest", ValueKind::Amount, r.accruedInterest},
        {"premium", ValueKind::Amount, r.premium},
        {"total_to_pay", ValueKind::Amount, r.totalToPay},
        {"factor", ValueKind::Factor, r.factor},
        {"loan_type", ValueKind::Text, std::string(finance::name(q.loanType))},
        {"instalments_remaining", ValueKind::Integer, static_cast<double>(q.remaining.total())},
        {"days_since_last_instalment", ValueKind::Integer, static_cast<double>(q.daysSinceLastInstalment)},
        {"last_instalment_date", ValueKind::Text, q.lastInstalmentDate.iso()},
    };
}

}  // namespace

std::string redeemJson(const RedemptionQuote& q) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    out["itsb_version"] = ITSB_VERSION;
    out["input_sha256"] = q.inputSha256;
    out["name"] = q.name;
    for (const auto& e : entries(q)) {
        if (const auto* text = std::get_if<std::string>(&e.value))
            out[e.key] = *text;
        else if (e.kind == ValueKind::Integer)
            out[e.key] = static_cast<long long>(std::get<double>(e.value));
        else
            out[e.key] = std::get<double>(e.value);
    }
    return out.dump(2) + "\n";
}

std::vector<CsvTable> redeemCsv(const RedemptionQuote& q, int decimals) {
    std::string text = "key,value\n";
    for (const auto& e : entries(q)) text += e.key + "," + csvValue(e.value, e.kind, decimals) + "\n";
    return {{"redeem", text}};
}

namespace {

//! What the theoretical instalments of each loan type are worth per unit, in words.
std::string instalmentsFormula(finance::LoanType type) {
    switch (type) {
    case finance::LoanType::Maturity: return "maturity loan: i_l a_N + v^N (interest each period, the unit at the end)";
    case finance::LoanType::Annuity:
        return "annuity loan: AF_l a_N (the level instalment AF_l = i_l / (1 - (1 + i_l)^-N), N times)";
    case finance::LoanType::Eip:
        return "EIP loan: a_N / N + i_l (N - a_N) / (N i_d) (1/N principal each period plus interest on the "
               "reducing balance)";
    }
    return "";
}

std::string remainingText(const finance::RemainingInstalments& r) {
    std::string text = std::to_string(r.total());
    std::vector<std::string> parts;
    if (r.capitalised > 0) parts.push_back(std::to_string(r.capitalised) + " capitalised");
    if (r.interestOnly > 0) parts.push_back(std::to_string(r.interestOnly) + " interest-only");
    if (!parts.empty()) {
        parts.push_back(std::to_string(r.amortizing) + " amortizing");
        text += " (";
        for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
        text += ")";
    }
    return text;
}

}  // namespace

Document redeemDocument(const RedemptionQuote& q, const scenarios::Scenario& s, const scenarios::Evaluation* base) {
    const int d = s.rounding.decimals;
    const int f = finance::perYear(q.frequency);
    const std::string cur = s.currency + " ";
    const auto& r = q.repayment;
    const std::string period = trimmedNumber(365.0 / f, 4);  // the DMO's 182.5 days when half-yearly

    Document doc;
    doc.command = "redeem";
    doc.title = q.name;
    doc.before.push_back("Early repayment on " + q.date.iso() + " at " + percentText(q.rate) +
                         " (PWLB premature repayment, DMO formula)");
    doc.inputSha256 = q.inputSha256;
    doc.currency = s.currency;

    const std::string amortization(finance::name(s.bond.amortization));
    doc.sections.push_back(
        {"Loan",
         {{KeyValues{{
             {"Type", std::string(finance::name(q.loanType)) + " loan (" + amortization + ")"},
             {"Notional", cur + formatMoney(q.notional, d)},
             {"Coupon", percentText(q.coupon) + " a year, " + std::string(finance::name(q.frequency)) + " (" +
                            std::to_string(f) + " instalments a year)"},
             {"Term", "issued " + q.issueDate.iso() + ", matures " + q.maturity.iso() + " (" +
                          std::to_string(s.bond.periods) + " instalments)"},
             {"Deferral", std::to_string(s.bond.capitalisedInterestYears) + " capitalised-interest years, " +
                              std::to_string(s.bond.interestOnlyYears) + " interest-only years"},
         }}}}});

    std::vector<std::pair<std::string, std::string>> formula{
        {"Rates per period", "i_l = coupon / " + std::to_string(f) + " = " + percentText(q.coupon / f) +
                                 ", i_d = repayment rate / " + std::to_string(f) + " = " + percentText(q.rate / f)},
        {"Part period", "t = D / " + period + " days (365 / " + std::to_string(f) + ")"},
        {"Instalments left", "PV_d, per unit outstanding at i_d on the last instalment date; " +
                                 instalmentsFormula(q.loanType) + "; a_N = (1 - v^N) / i_d, v = 1 / (1 + i_d)"},
    };
    if (s.bond.capitalisedInterestYears > 0 || s.bond.interestOnlyYears > 0)
        formula.emplace_back("Deferral left", "interest-only periods pay i_l, capitalised ones nothing (the unit grows "
                                              "by 1 + i_l), before the instalments");
    formula.emplace_back("Factor", "X = (1 + i_d t) PV_d - (1 + i_l t): the instalments carried to the date at "
                                   "simple interest, less the principal and its accrued interest");
    formula.emplace_back("Amounts", "premium = round(outstanding X), accrued interest = round(outstanding i_l t), "
                                    "total = outstanding + accrued interest + premium");
    doc.sections.push_back({"Formula", {{KeyValues{formula, "Step", "Formula"}}}});

    doc.sections.push_back(
        {"Early repayment",
         {{KeyValues{{
             {"Repayment date", q.date.iso()},
             {"Repayment rate", percentText(q.rate)},
             {"Last instalment", q.lastInstalmentDate.iso() +
                                     (q.lastInstalmentDate == q.issueDate ? " (the issue date: none paid yet)" : "")},
             {"Days since (D)", std::to_string(q.daysSinceLastInstalment)},
             {"Instalments left (N)", remainingText(q.remaining)},
             {"PV_d per unit", formatNumber(q.remainingValue, 10)},
             {"Factor (X)", formatNumber(r.factor, 10)},
             {"Outstanding principal", cur + formatMoney(r.outstanding, d)},
             {"Accrued interest", cur + formatMoney(r.accruedInterest, d)},
             {r.premium < 0.0 ? "Discount" : "Premium",
              cur + formatMoney(r.premium, d) + (r.premium < 0.0 ? " (negative: the council pays less)" : "")},
             {"Total to pay", cur + formatMoney(r.totalToPay, d)},
         }}}}});

    doc.keyFigures = {
        {"outstanding", "Outstanding principal", formatMoney(r.outstanding, d), s.currency, "on " + q.date.iso(),
         r.outstanding, "/outstanding"},
        {"accrued_interest", "Accrued interest", formatMoney(r.accruedInterest, d), s.currency,
         std::to_string(q.daysSinceLastInstalment) + " days since " + q.lastInstalmentDate.iso(), r.accruedInterest,
         "/accrued_interest"},
        {"premium", r.premium < 0.0 ? "Discount" : "Premium", formatMoney(r.premium, d), s.currency,
         "at " + percentText(q.rate) + " against a coupon of " + percentText(q.coupon), r.premium, "/premium"},
        {"total_to_pay", "Total to pay", formatMoney(r.totalToPay, d), s.currency, "to repay on " + q.date.iso(),
         r.totalToPay, "/total_to_pay"},
    };
    if (base) doc.sections.push_back(conventionsSection(*base, true));
    return doc;
}

}  // namespace itsb::reports
