// `itsb redeem [FILE] --date YYYY-MM-DD --rate R`: the PWLB premium or discount for repaying the
// bond early (SPEC §6, §9), as a short report, JSON or a key,value CSV table.

#include "command.hpp"

#include "csv_format.hpp"
#include "run_report.hpp"
#include "text_table.hpp"
#include "itsb/scenarios/reader.hpp"
#include "itsb/scenarios/redemption.hpp"
#include "itsb/scenarios/text_format.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <ostream>
#include <utility>

namespace itsb::cli {

namespace {

using scenarios::Cell;
using scenarios::formatMoney;
using scenarios::formatNumber;
using scenarios::RedemptionQuote;
using scenarios::ValueKind;

//! --date and --rate as typed; parsed by the action so a malformed one is our usage error.
struct RedeemRequest {
    std::string date;
    std::string rate;
};

finance::Date parseDate(const std::string& text) {
    const auto date = finance::Date::fromIso(text);
    if (!date) throw UsageError("--date " + text + ": expected a date YYYY-MM-DD between 1901-01-01 and 2199-12-31");
    return *date;
}

//! A plain decimal ("0.045", "-0.01", "5e-2"): the whole text, finite.
finance::Rate parseRate(const std::string& text) {
    double value = 0.0;
    const char* first = text.data();
    const char* last = first + text.size();
    if (!text.empty() && *first == '+') ++first;  // from_chars refuses a leading '+'
    const bool signTwice = first != text.data() && first != last && *first == '-';
    const auto [end, ec] = std::from_chars(first, last, value);
    if (text.empty() || signTwice || ec != std::errc() || end != last || !std::isfinite(value))
        throw UsageError("--rate " + text + ": expected a decimal rate, e.g. 0.045 for 4.5 %");
    return value;
}

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

std::string jsonText(const RedemptionQuote& q) {
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

std::string csvText(const RedemptionQuote& q, int decimals) {
    std::string text = "key,value\n";
    for (const auto& e : entries(q)) text += e.key + "," + csvValue(e.value, e.kind, decimals) + "\n";
    return text;
}

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

}  // namespace

void registerRedeemCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<CommonOptions>();
    auto request = std::make_shared<RedeemRequest>();
    auto* sub = app.add_subcommand(
        "redeem", "Early repayment on --date at --rate: the PWLB premium (+) or discount (-), DMO formula");
    addInputOptions(*sub, *options, {"table", "json", "csv", "md", "html"});
    sub->add_option("--date", request->date, "Repayment date, YYYY-MM-DD, from the issue date to before maturity")
        ->required()
        ->type_name("YYYY-MM-DD");
    sub->add_option("--rate", request->rate, "Premature repayment rate, a decimal (0.045 = 4.5 %)")
        ->required()
        ->type_name("R");
    commands.push_back({sub,
                        [options, request](std::istream& in, std::ostream& out) {
                            // The request first: a malformed date or rate is a usage error
                            // whatever the input says.
                            const auto date = parseDate(request->date);
                            const auto rate = parseRate(request->rate);
                            const auto scenario = loadScenario(*options, in);
                            scenarios::RedemptionQuote quote;
                            try {
                                quote = scenarios::redeem(scenario, date, rate);
                            } catch (const scenarios::RedemptionRequestError& e) {
                                throw UsageError(e.what());
                            }
                            const std::string format = effectiveFormat(*options);
                            if (format == "json") return emitText(*options, jsonText(quote), out);
                            if (format == "csv")
                                return emitCsv(*options, {quote.inputSha256, {}, {}},
                                              {{"redeem", csvText(quote, scenario.rounding.decimals)}}, out);
                            std::optional<scenarios::Evaluation> base;
                            if (format != "table") base = scenarios::evaluate(scenario);
                            emitDocument(*options, format, redeemDocument(quote, scenario, base ? &*base : nullptr), out);
                        },
                        options});
}

}  // namespace itsb::cli
