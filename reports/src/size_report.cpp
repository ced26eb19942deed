// `itsb size` as JSON, CSV tables and a Document: the sizing answers, each with its question.

#include "itsb/reports/size_report.hpp"
#include "itsb/reports/warning_text.hpp"

#include "csv_format.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/sizing.hpp"
#include "itsb/version.hpp"
#include "run_document.hpp"
#include "text_table.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace itsb::reports {

namespace {

using Json = nlohmann::ordered_json;
using scenarios::Cell;
using scenarios::ValueKind;

//! The report's figures as (section, key, human label, value, kind), in order.
struct Figure {
    std::string section, key, label;
    Cell value;
    ValueKind kind;
};

std::vector<Figure> figures(const scenarios::SizingReport& r) {
    const auto& d = r.maxNotionalForDscr;
    const auto& f = r.notionalToFundCosts;
    const auto& b = r.breakEvenSavingRate;
    const auto& c = r.maxCouponForDscr;
    const bool revenue = b.basis == scenarios::BreakEvenBasis::Revenue;
    std::vector<Figure> out{
        {"max_notional_for_dscr", "target", "Target minimum DSCR", Cell(d.target), ValueKind::Ratio},
        {"max_notional_for_dscr", "notional", "Largest notional meeting it", scenarios::cell(d.notional), ValueKind::Amount},
        {"max_notional_for_dscr", "min_dscr", "Minimum DSCR at that notional", scenarios::cell(d.minDscr), ValueKind::Ratio},
        {"max_notional_for_dscr", "binding_year", "Binding year", scenarios::cell(d.bindingYear), ValueKind::Integer},
        {"max_notional_for_dscr", "binding_fiscal_year", "Binding fiscal year", scenarios::cell(d.bindingFiscalYear),
         ValueKind::Text},
        {"notional_to_fund_costs", "capital", "Notional funding the capital costs", scenarios::cell(f.capital),
         ValueKind::Amount},
        {"notional_to_fund_costs", "all", "Notional funding all one-off costs", scenarios::cell(f.all), ValueKind::Amount},
        {"break_even_saving_rate", "by_year", revenue ? "Break even by financial year" : "Break even by year",
         Cell(double(b.byYear)), ValueKind::Integer},
        {"break_even_saving_rate", "factor", "Factor on every saving rate", scenarios::cell(b.factor), ValueKind::Factor},
        {"break_even_saving_rate", "saving_rate", "Whole-baseline saving rate", scenarios::cell(b.savingRate),
         ValueKind::Percent},
        {"max_coupon_for_dscr", "target", "Target minimum DSCR", Cell(c.target), ValueKind::Ratio},
        {"max_coupon_for_dscr", "coupon", "Highest coupon meeting it", scenarios::cell(c.coupon), ValueKind::Percent},
    };
    // The basis is stated only when it is not the cash position, which the key has always meant.
    if (revenue) {
        const auto byYear = std::find_if(out.begin(), out.end(), [](const Figure& figure) { return figure.key == "by_year"; });
        out.insert(byYear + 1, {"break_even_saving_rate", "basis", "Break-even basis",
                                Cell(std::string(scenarios::name(b.basis))), ValueKind::Text});
    }
    return out;
}

Json cellJson(const Figure& f) {
    if (const auto* v = std::get_if<double>(&f.value))
        return f.kind == ValueKind::Integer ? Json(static_cast<long long>(*v)) : Json(*v);
    if (const auto* t = std::get_if<std::string>(&f.value)) return *t;
    return nullptr;
}

}  // namespace

std::string sizeJson(const scenarios::Scenario& s, const scenarios::SizingReport& r) {
    Json out = Json::object();
    out["itsb_version"] = ITSB_VERSION;
    out["input_sha256"] = r.inputSha256;
    out["name"] = s.name;
    out["proposal_notional"] = r.proposalNotional;
    for (const auto& f : figures(r)) out[f.section][f.key] = cellJson(f);
    out["warnings"] = warningTexts(r.warnings);
    out["warning_details"] = warningDetails(r.warnings);
    return out.dump(2) + "\n";
}

Document sizeDocument(const scenarios::Scenario& s, const scenarios::SizingReport& r, const scenarios::Evaluation* base) {
    const int d = s.rounding.decimals;
    Document doc;
    doc.command = "size";
    doc.commandInHeadline = true;
    doc.title = s.name;
    doc.inputSha256 = r.inputSha256;
    doc.currency = s.currency;
    doc.after.push_back("The proposal's own rule gives a notional of " + scenarios::formatMoney(r.proposalNotional, d) +
                        "; the break-even rate and the coupon are searched at that notional.");
    if (r.breakEvenSavingRate.basis == scenarios::BreakEvenBasis::Revenue)
        doc.after.push_back("The break-even rate is searched on the revenue account: the council breaks even in the "
                            "first financial year from which its cumulative net revenue effect (savings less running "
                            "costs, fees, unfunded revenue costs, interest accrued, MRP and issuance costs) is never "
                            "again negative.");
    const bool revenue = r.breakEvenSavingRate.basis == scenarios::BreakEvenBasis::Revenue;
    const std::vector<std::pair<std::string, std::string>> titles{
        {"max_notional_for_dscr", "How much can the savings carry?"},
        {"notional_to_fund_costs", "What notional funds the costs?"},
        {"break_even_saving_rate", revenue ? "What saving rate breaks even on the revenue account in time?"
                                           : "What saving rate breaks even in time?"},
        {"max_coupon_for_dscr", "What coupon can the savings bear?"},
    };
    const auto all = figures(r);
    for (const auto& [key, title] : titles) {
        KeyValues lines{{}, "Question", "Answer"};
        for (const auto& f : all)
            if (f.section == key) lines.pairs.emplace_back(f.label, humanValue(f.value, f.kind, d));
        doc.sections.push_back({title, {{lines}}});
    }
    // The answers as cards: each one the JSON states, so each names its pointer.
    auto card = [&](const std::string& section, const std::string& key, const std::string& label, const std::string& note) {
        for (const auto& f : all) {
            if (f.section != section || f.key != key) continue;
            const auto* number = std::get_if<double>(&f.value);
            doc.keyFigures.push_back({section, label, humanValue(f.value, f.kind, d),
                                      f.kind == ValueKind::Amount ? s.currency : "", note,
                                      number ? std::optional<double>(*number) : std::nullopt, "/" + section + "/" + key});
        }
    };
    doc.keyFigures.push_back({"proposal_notional", "Proposal's notional", scenarios::formatMoney(r.proposalNotional, d),
                              s.currency, "by its own sizing rule", r.proposalNotional, "/proposal_notional"});
    card("max_notional_for_dscr", "notional", "Largest notional",
         "minimum DSCR " + humanValue(Cell(r.maxNotionalForDscr.target), ValueKind::Ratio, d));
    card("notional_to_fund_costs", "all", "Funds all one-off costs", "notional");
    card("break_even_saving_rate", "saving_rate", "Saving rate to break even",
         revenue ? "revenue account by financial year " + std::to_string(r.breakEvenSavingRate.byYear) +
                       ", whole baseline"
                 : "by year " + std::to_string(r.breakEvenSavingRate.byYear) + ", whole baseline");
    card("max_coupon_for_dscr", "coupon", "Highest coupon",
         "minimum DSCR " + humanValue(Cell(r.maxCouponForDscr.target), ValueKind::Ratio, d));
    if (base) doc.sections.push_back(conventionsSection(*base, true));
    doc.sections.push_back({"Warnings", {{BulletList{warningTexts(r.warnings)}}}, SectionRole::Warnings});
    return doc;
}

std::vector<CsvTable> sizeCsv(const scenarios::Scenario& s, const scenarios::SizingReport& r) {
    std::string text = "question,key,value\n";
    text += "proposal,notional," + scenarios::formatNumber(r.proposalNotional, s.rounding.decimals) + "\n";
    for (const auto& f : figures(r))
        text += f.section + "," + f.key + "," + csvValue(f.value, f.kind, s.rounding.decimals) + "\n";
    std::string warnings = "warning\n";
    for (const auto& w : r.warnings) warnings += csvQuoted(warningText(w)) + "\n";
    return {{"size", text}, {"warnings", warnings}};
}

}  // namespace itsb::reports
