#include "itsb/reports/market_report.hpp"

#include "itsb/scenarios/io/text_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace itsb::reports {

namespace {

using scenarios::formatMoney;
using scenarios::formatNumber;
using scenarios::formatPercent;

// Money to the penny, rates to six places, distances to a tenth of a kilometre: the same bytes
// on every machine whatever the last bit of a sum or a sine. Rounded as the tables print them
// (the decimal nearest the double, formatNumber), so a figure reads the same in every format.
double places(double value, int decimals) {
    const std::string text = formatNumber(value, decimals);
    double r = 0.0;
    std::from_chars(text.data(), text.data() + text.size(), r);
    return r == 0.0 ? 0.0 : r;
}
double pennies(double value) { return places(value, 2); }

std::string gbp(double value) { return "£" + formatMoney(value, 0); }

const std::string& code(const market::CouncilData& data, std::size_t council) { return data.councils()[council].gss; }
std::string label(const market::CouncilData& data, std::size_t council) {
    const auto& c = data.councils()[council];
    return c.name + " (" + c.gss + ")";
}

nlohmann::json codes(const market::CouncilData& data, const std::vector<std::size_t>& councils) {
    auto out = nlohmann::json::array();
    for (std::size_t c : councils) out.push_back(code(data, c));
    return out;
}
nlohmann::json names(const market::CouncilData& data, const std::vector<std::size_t>& councils) {
    auto out = nlohmann::json::array();
    for (std::size_t c : councils) out.push_back(data.councils()[c].name);
    return out;
}
std::string nameList(const market::CouncilData& data, const std::vector<std::size_t>& councils) {
    std::string out;
    for (std::size_t c : councils) out += (out.empty() ? "" : ", ") + data.councils()[c].name;
    return out;
}

nlohmann::json termsJson(const market::GroupValue& v) {
    nlohmann::json terms = nlohmann::json::object();
    for (std::size_t t = 0; t < market::kTermCount; ++t) terms[std::string(market::name(market::kTerms[t]))] = pennies(v.terms[t]);
    return terms;
}

nlohmann::json measuresJson(const market::GroupValue& v) {
    return {{"longest_km", places(v.longestKm, 1)},
            {"tier_mismatch_share", places(v.tierMismatchShare, 6)},
            {"size_ratio", places(v.sizeRatio, 6)},
            {"county_crossing_share", places(v.countyCrossingShare, 6)},
            {"deprivation_gap", places(v.deprivationGap, 6)},
            {"rural_urban_gap", places(v.ruralUrbanGap, 6)}};
}

void valueJson(nlohmann::json& out, const market::GroupValue& v) {
    out["score"] = pennies(v.score);
    out["annual_saving"] = pennies(v.annualSaving);
    out["addressable_spend"] = pennies(v.addressableSpend);
    out["saving_rate"] = places(v.rate, 6);
    out["terms"] = termsJson(v);
    out["measures"] = measuresJson(v);
}

void priceJsonInto(nlohmann::json& out, const std::optional<market::GroupPrice>& price) {
    if (!price) return;
    out["notional"] = pennies(price->notional);
    out["npv_after_financing"] = pennies(price->npvAfterFinancing);
    out["break_even_year"] = price->breakEvenYear ? nlohmann::json(*price->breakEvenYear) : nlohmann::json(nullptr);
    out["break_even_fiscal_year"] =
        price->breakEvenFiscalYear ? nlohmann::json(*price->breakEvenFiscalYear) : nlohmann::json(nullptr);
    out["project_irr"] = price->projectIrr ? nlohmann::json(places(*price->projectIrr, 6)) : nlohmann::json(nullptr);
    out["min_dscr"] = places(price->minDscr, 6);
}

//! Why a term is what it is, in words.
std::string reason(market::Term term, const market::GroupValue& v, std::size_t size) {
    switch (term) {
    case market::Term::Distance: return "longest distance between members " + formatNumber(v.longestKm, 1) + " km";
    case market::Term::Partners: return std::to_string(size) + " councils";
    case market::Term::TierMismatch: return formatPercent(v.tierMismatchShare, 0) + " of member pairs on different tiers";
    case market::Term::SizeImbalance: return "smallest member's spend " + formatPercent(v.sizeRatio, 0) + " of the largest's";
    case market::Term::CountyCrossing: return formatPercent(v.countyCrossingShare, 0) + " of member pairs cross a county line";
    case market::Term::Deprivation: return "IMD quintiles differ by " + formatNumber(v.deprivationGap, 2) + " on average";
    case market::Term::RuralUrban: return "rural-urban classes differ by " + formatNumber(v.ruralUrbanGap, 2) + " on average";
    }
    return "";
}

const char* termLabel(market::Term term) {
    switch (term) {
    case market::Term::Distance: return "Distance";
    case market::Term::Partners: return "Partners";
    case market::Term::TierMismatch: return "Tier mismatch";
    case market::Term::SizeImbalance: return "Size imbalance";
    case market::Term::CountyCrossing: return "County crossing";
    case market::Term::Deprivation: return "Deprivation alike";
    case market::Term::RuralUrban: return "Rural-urban alike";
    }
    return "";
}

//! The score's terms as a table: term, GBP a year, why.
Table termsTable(const market::GroupValue& v, std::size_t size, const std::string& caption) {
    Table t;
    t.columns = {{"Term", false}, {"GBP a year", true}, {"Why", false}};
    t.caption = caption;
    t.captionInText = true;
    t.rows.push_back({"Annual saving", formatMoney(v.annualSaving, 0),
                      formatPercent(v.rate, 2) + " of addressable spend " + gbp(v.addressableSpend)});
    for (std::size_t k = 0; k < market::kTermCount; ++k)
        t.rows.push_back({termLabel(market::kTerms[k]), formatMoney(v.terms[k], 0), reason(market::kTerms[k], v, size)});
    t.rows.push_back({"Score", formatMoney(v.score, 0), "the saving less the frictions plus the similarity"});
    return t;
}

std::string fiscalYear(const std::optional<market::GroupPrice>& price) {
    if (!price) return "";
    return price->breakEvenFiscalYear ? *price->breakEvenFiscalYear : "never";
}

Section aboutSection(const std::vector<std::string>& lines) {
    Section s;
    s.title = "How to read this";
    s.role = SectionRole::Conventions;
    s.blocks.push_back({Paragraph{lines}});
    return s;
}

// What the columns mean: the ranking rule for suggest, then the score, the candidates and, when
// the groups were priced, the price.
std::vector<std::string> valueNotes(bool ranking, bool priced) {
    std::vector<std::string> lines;
    if (ranking) lines.push_back("Ranked by the council's part: its share of the group's addressable spend times the group's score.");
    lines.push_back(
        "Score: the annual saving (the saving rate for the group's size times the members' addressable 2017-18 "
        "spend for the service) less the frictions (distance, partners, tier mismatch, size imbalance, county "
        "crossing) plus the similarity (deprivation, rural-urban), each a share of the saving (docs/MARKET.md).");
    lines.push_back(
        "Candidates: connected groups on the graph of shared boundaries and nearby districts (ONS 2021) that no "
        "member's listing rules out.");
    if (priced)
        lines.push_back(
            "Priced: the group's itsb input from the stated benchmarks (itsb market price), NPV after financing at "
            "the Green Book discount rate, break-even on the council's cash position.");
    return lines;
}

}  // namespace

std::string suggestJson(const market::Suggestions& s, const market::CouncilData& data) {
    nlohmann::json out;
    out["council"] = code(data, s.council);
    out["name"] = data.councils()[s.council].name;
    out["service"] = s.service;
    out["listings_active"] = s.listingsActive;
    out["candidates"] = s.candidates;
    out["ruled_out"] = s.ruledOut;
    out["suggestions"] = nlohmann::json::array();
    for (const auto& g : s.suggestions) {
        nlohmann::json j;
        j["partners"] = codes(data, g.partners);
        j["partner_names"] = names(data, g.partners);
        j["members"] = codes(data, g.members);
        j["own_share"] = places(g.ownShare, 6);
        j["own_score"] = pennies(g.ownScore);
        valueJson(j, g.value);
        priceJsonInto(j, g.price);
        if (g.price) j["own_npv_after_financing"] = pennies(g.ownShare * g.price->npvAfterFinancing);
        out["suggestions"].push_back(std::move(j));
    }
    return out.dump(2) + "\n";
}

Document suggestDocument(const market::Suggestions& s, const market::CouncilData& data) {
    Document d;
    d.command = "market suggest";
    d.commandInHeadline = true;
    d.title = "Partners for " + label(data, s.council) + ": " + s.service;
    d.before.push_back(std::to_string(s.candidates) + " connected groups include the council; " + std::to_string(s.ruledOut) +
                       (s.listingsActive ? " ruled out by listings (listed councils only)" : " ruled out by listings"));
    d.currency = "GBP";
    const std::string& who = data.councils()[s.council].name;
    if (!s.suggestions.empty()) {
        const auto& best = s.suggestions.front();
        d.keyFigures.push_back({"own_score", who + "'s part of the best score", formatMoney(best.ownScore, 0), "GBP",
                                "with " + nameList(data, best.partners), best.ownScore, "/suggestions/0/own_score"});
        d.keyFigures.push_back({"score", "The group's score", formatMoney(best.value.score, 0), "GBP",
                                "saving " + formatMoney(best.value.annualSaving, 0), best.value.score, "/suggestions/0/score"});
        if (best.price)
            d.keyFigures.push_back({"npv_after_financing", "Its NPV after financing",
                                    formatMoney(best.price->npvAfterFinancing, 0), "GBP", "break-even " + fiscalYear(best.price),
                                    best.price->npvAfterFinancing, "/suggestions/0/npv_after_financing"});
    }
    Section ranking;
    ranking.title = "Suggested groups";
    Table t;
    t.columns = {{"#", true},           {"Partners", false},          {who + "'s part", true},
                 {"Group score", true}, {"Annual saving", true},      {"NPV after financing", true},
                 {"Break-even", false}};
    for (std::size_t k = 0; k < s.suggestions.size(); ++k) {
        const auto& g = s.suggestions[k];
        t.rows.push_back({std::to_string(k + 1), nameList(data, g.partners), formatMoney(g.ownScore, 0),
                          formatMoney(g.value.score, 0), formatMoney(g.value.annualSaving, 0),
                          g.price ? formatMoney(g.price->npvAfterFinancing, 0) : "", fiscalYear(g.price)});
    }
    ranking.blocks.push_back({t});
    if (s.suggestions.empty()) ranking.blocks.push_back({Paragraph{{"No group can be proposed: every candidate is ruled out."}}});
    d.sections.push_back(std::move(ranking));
    Section why;
    why.title = "Why each group scores as it does";
    for (std::size_t k = 0; k < s.suggestions.size(); ++k) {
        const auto& g = s.suggestions[k];
        why.blocks.push_back({termsTable(g.value, g.members.size(), std::to_string(k + 1) + ". " + nameList(data, g.members))});
    }
    d.sections.push_back(std::move(why));
    d.sections.push_back(aboutSection(valueNotes(true, std::any_of(s.suggestions.begin(), s.suggestions.end(), [](const auto& g) { return g.price.has_value(); }))));
    return d;
}

std::string matchJson(const market::MatchResult& r, const market::CouncilData& data, bool withTiming) {
    nlohmann::json out;
    out["service"] = r.service;
    out["max_size"] = r.maxSize;
    out["region"] = r.region ? nlohmann::json(*r.region) : nlohmann::json(nullptr);
    out["priced"] = r.priced;
    out["shares"] = std::string(market::name(r.shares));
    out["listings_active"] = r.listingsActive;
    out["councils"] = r.councils;
    out["candidates"] = r.candidates;
    out["ruled_out"] = r.ruledOut;
    out["packed"] = r.packed;
    out["dominated"] = r.dominated;
    out["consortia"] = nlohmann::json::array();
    for (const auto& c : r.consortia) {
        nlohmann::json j;
        j["members"] = codes(data, c.members);
        j["names"] = names(data, c.members);
        valueJson(j, c.value);
        priceJsonInto(j, c.price);
        j["weight"] = pennies(c.weight);
        auto payoffs = nlohmann::json::array();
        for (double p : c.payoffs) payoffs.push_back(pennies(p));
        j["payoffs"] = payoffs;
        out["consortia"].push_back(std::move(j));
    }
    out["unmatched"] = codes(data, r.unmatched);
    out["objective"] = pennies(r.objective);
    out["bound"] = pennies(r.bound);
    out["gap"] = places(r.gap, 9);
    out["proven"] = r.proven;
    if (withTiming) out["seconds"] = places(r.seconds, 3);
    nlohmann::json stability;
    stability["stable"] = r.blockingCount == 0;
    stability["blocking_coalitions"] = r.blockingCount;
    stability["examples"] = nlohmann::json::array();
    for (const auto& b : r.blocking) {
        nlohmann::json j;
        j["members"] = codes(data, b.members);
        j["weight"] = pennies(b.weight);
        auto together = nlohmann::json::array(), now = nlohmann::json::array();
        for (double p : b.payoffs) together.push_back(pennies(p));
        for (double p : b.current) now.push_back(pennies(p));
        j["payoffs"] = together;
        j["current"] = now;
        stability["examples"].push_back(std::move(j));
    }
    out["stability"] = stability;
    return out.dump(2) + "\n";
}

Document matchDocument(const market::MatchResult& r, const market::CouncilData& data, bool withTiming) {
    Document d;
    d.command = "market match";
    d.commandInHeadline = true;
    d.title = "Consortia for " + r.service + (r.region ? " in " + *r.region : std::string(" across England"));
    d.currency = "GBP";
    const std::string what = r.priced ? "NPV after financing" : "score";
    d.before.push_back(std::to_string(r.councils) + " councils, " + std::to_string(r.candidates) + " candidate groups of 2 to " +
                       std::to_string(r.maxSize) + " (" + std::to_string(r.ruledOut) + " ruled out by listings, " +
                       std::to_string(r.packed) + " worth packing, " + std::to_string(r.dominated) +
                       " of them worth no more than a split into smaller candidates); maximising the total " + what);
    d.keyFigures.push_back({"objective", "Total " + what, formatMoney(r.objective, 0), "GBP",
                            r.proven ? "proven optimal" : "gap " + formatPercent(r.gap, 4), r.objective, "/objective"});
    d.keyFigures.push_back({"consortia", "Consortia", std::to_string(r.consortia.size()), "",
                            std::to_string(r.unmatched.size()) + " councils unmatched",
                            static_cast<double>(r.consortia.size()), ""});
    Section solver;
    solver.title = "Solver";
    KeyValues kv;
    kv.pairs = {{"Objective (GBP a year" + std::string(r.priced ? ", NPV" : "") + ")", formatMoney(r.objective, 2)},
                {"Best bound", formatMoney(r.bound, 2)},
                {"Gap", formatPercent(r.gap, 6)},
                {"Proven optimal", r.proven ? "yes" : "no"}};
    if (withTiming) kv.pairs.push_back({"Seconds", formatNumber(r.seconds, 2)});
    solver.blocks.push_back({kv});
    d.sections.push_back(std::move(solver));

    Section consortia;
    consortia.title = "Consortia";
    Table t;
    t.columns = {{"#", true}, {"Members", false}, {"Score", true}, {"Annual saving", true}};
    if (r.priced) t.columns.push_back({"NPV after financing", true});
    t.columns.push_back({"Shares (" + std::string(market::name(r.shares)) + ")", false});
    for (std::size_t k = 0; k < r.consortia.size(); ++k) {
        const auto& c = r.consortia[k];
        std::string shares;
        for (double p : c.payoffs) shares += (shares.empty() ? "" : " / ") + formatMoney(p, 0);
        std::vector<std::string> row{std::to_string(k + 1), nameList(data, c.members), formatMoney(c.value.score, 0),
                                     formatMoney(c.value.annualSaving, 0)};
        if (r.priced) row.push_back(c.price ? formatMoney(c.price->npvAfterFinancing, 0) : "");
        row.push_back(shares);
        t.rows.push_back(std::move(row));
    }
    consortia.blocks.push_back({t});
    d.sections.push_back(std::move(consortia));

    Section stability;
    stability.title = "Stability";
    if (r.blockingCount == 0) {
        stability.blocks.push_back({Paragraph{{"No blocking coalition among the " + std::to_string(r.candidates) +
                                               " candidates: no group of councils would all do strictly better together "
                                               "than in the consortia above, with " + std::string(market::name(r.shares)) +
                                               " shares."}}});
    } else {
        stability.blocks.push_back({Paragraph{{std::to_string(r.blockingCount) +
                                               " blocking coalitions: each group below would give every member more than "
                                               "its consortium above (" + std::string(market::name(r.shares)) + " shares)."}}});
        Table b;
        b.columns = {{"Members", false}, {"Worth", true}, {"Shares together", false}, {"Shares now", false}};
        for (const auto& x : r.blocking) {
            std::string together, now;
            for (double p : x.payoffs) together += (together.empty() ? "" : " / ") + formatMoney(p, 0);
            for (double p : x.current) now += (now.empty() ? "" : " / ") + formatMoney(p, 0);
            b.rows.push_back({nameList(data, x.members), formatMoney(x.weight, 0), together, now});
        }
        stability.blocks.push_back({b});
    }
    d.sections.push_back(std::move(stability));
    if (!r.unmatched.empty()) {
        Section u;
        u.title = "Unmatched councils";
        u.blocks.push_back({Paragraph{{nameList(data, r.unmatched)}}});
        d.sections.push_back(std::move(u));
    }
    d.sections.push_back(aboutSection(valueNotes(false, r.priced)));
    return d;
}

std::string priceJson(const market::PricedConsortium& p, const market::CouncilData& data) {
    nlohmann::json out;
    out["members"] = codes(data, p.members);
    out["names"] = names(data, p.members);
    out["service"] = p.service;
    out["shares_rule"] = std::string(market::name(p.rule));
    out["annual_saving"] = pennies(p.price.annualSaving);
    priceJsonInto(out, p.price);
    out["shares"] = nlohmann::json::array();
    for (const auto& m : p.shares)
        out["shares"].push_back({{"council", code(data, m.council)},
                                 {"name", data.councils()[m.council].name},
                                 {"savings_share", places(m.savingsShare, 6)},
                                 {"cost_share", places(m.costShare, 6)},
                                 {"allocation", pennies(m.allocation)},
                                 {"shapley", pennies(m.shapley)},
                                 {"npv_after_financing", pennies(m.npvAfterFinancing)}});
    out["sub_groups"] = nlohmann::json::array();
    for (std::uint32_t mask = 1; mask < p.game.value.size(); ++mask) {
        std::vector<std::size_t> members;
        for (std::size_t k = 0; k < p.members.size(); ++k)
            if (mask & (1u << k)) members.push_back(p.members[k]);
        out["sub_groups"].push_back({{"members", codes(data, members)}, {"npv_after_financing", pennies(p.game.value[mask])}});
    }
    nlohmann::json core;
    core["in_core"] = p.coreViolations.empty();
    core["violations"] = nlohmann::json::array();
    for (const auto& v : p.coreViolations) {
        std::vector<std::size_t> members;
        for (std::size_t k = 0; k < p.members.size(); ++k)
            if (v.members & (1u << k)) members.push_back(p.members[k]);
        core["violations"].push_back({{"members", codes(data, members)}, {"shortfall", pennies(v.shortfall)}});
    }
    out["core"] = core;
    out["input"] = p.input;
    return out.dump(2) + "\n";
}

Document priceDocument(const market::PricedConsortium& p, const market::CouncilData& data) {
    Document d;
    d.command = "market price";
    d.commandInHeadline = true;
    d.title = nameList(data, p.members) + ": " + p.service + ", " + std::string(market::name(p.rule)) + " shares";
    d.currency = "GBP";
    d.before.push_back("The group priced as an invest-to-save bond from its itsb input (`--write-input FILE` keeps it; "
                       "`--report` gives its full report).");
    d.keyFigures.push_back({"npv_after_financing", "NPV after financing", formatMoney(p.price.npvAfterFinancing, 0), "GBP",
                            fiscalYear(p.price), p.price.npvAfterFinancing, "/npv_after_financing"});
    d.keyFigures.push_back({"annual_saving", "Annual saving", formatMoney(p.price.annualSaving, 0), "GBP", "", p.price.annualSaving,
                            "/annual_saving"});
    d.keyFigures.push_back({"notional", "Bond", formatMoney(p.price.notional, 0), "GBP", "fund_capital_costs", p.price.notional,
                            "/notional"});
    Section summary;
    summary.title = "The group's bond";
    KeyValues kv;
    kv.pairs = {{"Annual saving (full year, 2017-18 spend)", formatMoney(p.price.annualSaving, 2)},
                {"Bond notional", formatMoney(p.price.notional, 2)},
                {"NPV after financing", formatMoney(p.price.npvAfterFinancing, 2)},
                {"Break-even (cash)", fiscalYear(p.price)},
                {"Project IRR", p.price.projectIrr ? formatPercent(*p.price.projectIrr, 4) : "none"},
                {"Minimum DSCR", formatNumber(p.price.minDscr, 4)}};
    summary.blocks.push_back({kv});
    d.sections.push_back(std::move(summary));

    Section shares;
    shares.title = "Shares (" + std::string(market::name(p.rule)) + ")";
    Table t;
    t.columns = {{"Council", false},       {"Savings share", true}, {"Cost share", true},
                 {"Allocation", true},     {"Shapley value", true}, {"Engine NPV", true}};
    for (const auto& m : p.shares)
        t.rows.push_back({label(data, m.council), formatNumber(m.savingsShare, 6), formatNumber(m.costShare, 6),
                          formatMoney(m.allocation, 2), formatMoney(m.shapley, 2), formatMoney(m.npvAfterFinancing, 2)});
    shares.blocks.push_back({t});
    shares.blocks.push_back({Paragraph{{"Allocation: each council's part of the group's NPV after financing under the rule; the "
                                        "cost shares deliver it. Engine NPV: the engine's partner NPV with those shares."}}});
    d.sections.push_back(std::move(shares));

    Section game;
    game.title = "Every sub-group alone";
    Table g;
    g.columns = {{"Sub-group", false}, {"NPV after financing", true}};
    for (std::uint32_t mask = 1; mask < p.game.value.size(); ++mask) {
        std::vector<std::size_t> members;
        for (std::size_t k = 0; k < p.members.size(); ++k)
            if (mask & (1u << k)) members.push_back(p.members[k]);
        g.rows.push_back({nameList(data, members), formatMoney(p.game.value[mask], 2)});
    }
    game.blocks.push_back({g});
    if (p.coreViolations.empty()) {
        game.blocks.push_back({Paragraph{{"In the core: no sub-group would be better off alone than with these shares."}}});
    } else {
        BulletList b;
        for (const auto& v : p.coreViolations) {
            std::vector<std::size_t> members;
            for (std::size_t k = 0; k < p.members.size(); ++k)
                if (v.members & (1u << k)) members.push_back(p.members[k]);
            b.items.push_back(nameList(data, members) + " would be better off alone by " + gbp(v.shortfall));
        }
        game.blocks.push_back({Paragraph{{"Not in the core:"}}});
        game.blocks.push_back({b});
    }
    d.sections.push_back(std::move(game));
    return d;
}

}  // namespace itsb::reports
