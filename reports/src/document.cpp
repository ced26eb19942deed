#include "itsb/reports/document.hpp"

#include "itsb/scenarios/io/text_format.hpp"
#include "text_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace itsb::reports {

namespace {

bool shownIn(Media media, bool text) { return media == Media::All || (media == Media::TextOnly) == text; }

template <typename... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

// ---- text ---------------------------------------------------------------------------------

std::string textBlock(const Block& block) {
    return std::visit(
        Overloaded{
            [](const KeyValues& kv) { return keyValues(kv.pairs); },
            [](const Table& t) {
                TextTable table;
                for (const auto& c : t.columns) table.add(c.heading, c.rightAligned);
                for (const auto& r : t.rows) table.row(r);
                return (t.captionInText ? "\n  " + t.caption + "\n" : std::string()) + table.render();
            },
            [](const Paragraph& p) {
                std::string out;
                for (const auto& l : p.lines) out += "  " + l + "\n";
                return out;
            },
            [](const BulletList& b) {
                if (b.items.empty()) return "  " + b.emptyText + "\n";
                std::string out;
                for (const auto& item : b.items) out += "  - " + item + "\n";
                return out;
            },
            [](const Preformatted& p) {
                std::string out;
                for (const auto& l : p.lines) out += l + "\n";
                return out;
            },
            [](const BlankLine&) { return std::string("\n"); },
        },
        block.content);
}

//! "itsb 0.1.0: NAME", or with the command named ("itsb 0.1.0 size: NAME").
std::string headline(const Document& d, bool namingCommand) {
    return "itsb " + d.version + (namingCommand ? " " + d.command : std::string()) + ": " + d.title;
}

// ---- Markdown -----------------------------------------------------------------------------

std::string markdownRow(const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) out += " " + escapeMarkdown(c, false) + " |";
    return out + "\n";
}

std::string markdownTable(const std::vector<TableColumn>& columns, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::string> headings;
    std::string rule = "|";
    for (const auto& c : columns) {
        headings.push_back(c.heading);
        rule += c.rightAligned ? " ---: |" : " :--- |";
    }
    std::string out = markdownRow(headings) + rule + "\n";
    for (const auto& r : rows) out += markdownRow(r);
    return out;
}

std::string markdownBlock(const Block& block) {
    return std::visit(
        Overloaded{
            [](const KeyValues& kv) {
                std::vector<std::vector<std::string>> rows;
                for (const auto& [k, v] : kv.pairs) rows.push_back({k, v});
                return markdownTable({{kv.keyHeading, false}, {kv.valueHeading, false}}, rows);
            },
            [](const Table& t) {
                return (t.captionInText ? "### " + escapeMarkdown(t.caption) + "\n\n" : std::string()) +
                       markdownTable(t.columns, t.rows);
            },
            [](const Paragraph& p) {
                std::string text;
                for (const auto& l : p.lines) text += (text.empty() ? "" : " ") + l;
                return escapeMarkdown(text) + "\n";
            },
            [](const BulletList& b) {
                if (b.items.empty()) return escapeMarkdown(b.emptyText) + "\n";
                std::string out;
                for (const auto& item : b.items) out += "- " + escapeMarkdown(item) + "\n";
                return out;
            },
            [](const Preformatted& p) {
                std::string out = "~~~~text\n";
                for (const auto& l : p.lines) out += l + "\n";
                return out + "~~~~\n";
            },
            [](const BlankLine&) { return std::string(); },
        },
        block.content);
}

// ---- HTML ---------------------------------------------------------------------------------

const char* const kStyle = R"css(
:root{--ink:#1b1b1b;--muted:#595959;--rule:#d5d9de;--accent:#0072b2;--card:#f3f6f9;--neg:#a4000f;--warn:#e69f00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
header,nav,main,footer{max-width:76rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.25rem;padding-bottom:.75rem;border-bottom:3px solid var(--accent)}
.kicker{margin:0;font-size:.78rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 .4rem}
h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--rule)}
h3{font-size:1.02rem;margin:1.25rem 0 .4rem}
header p{margin:.25rem 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.85em;overflow-wrap:anywhere}
nav ol{display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;list-style:none;margin:.75rem 0 0;padding:0;font-size:.85rem}
nav a{color:var(--accent)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(14.5rem,1fr));gap:.75rem;margin:0}
.card{background:var(--card);border:1px solid var(--rule);border-left:4px solid var(--accent);border-radius:6px;padding:.55rem .8rem}
.card dt{font-size:.76rem;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}
.card dd{margin:.1rem 0 0;font-size:1.3rem;font-weight:650;font-variant-numeric:tabular-nums;white-space:nowrap}
.card dd.note{font-size:.8rem;font-weight:400;color:var(--muted);white-space:normal}
.card .unit{font-size:.72rem;font-weight:500;color:var(--muted);margin-right:.3em}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,30rem),1fr));gap:1rem;align-items:start}
figure{margin:0;border:1px solid var(--rule);border-radius:6px;padding:.5rem .5rem .6rem}
figure svg{display:block;width:100%;height:auto;max-width:100%}
.chart-scroll{overflow-x:auto}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.35rem}
figcaption strong{color:var(--ink)}
.table-wrap{overflow-x:auto;margin:.4rem 0 1rem;border:1px solid var(--rule);border-radius:4px}
.table-wrap:focus{outline:2px solid var(--accent)}
table{border-collapse:collapse;font-size:.82rem;font-variant-numeric:tabular-nums;min-width:100%}
caption{caption-side:top;text-align:left;font-weight:600;padding:.4rem .6rem}
th,td{padding:.26rem .5rem;border-bottom:1px solid #eceef0;white-space:nowrap;text-align:left;vertical-align:top}
thead th{background:#eaf0f5;border-bottom:2px solid var(--rule)}
tbody tr:nth-child(even){background:#f9fafb}
tbody th{font-weight:500}
.num{text-align:right}
.neg{color:var(--neg)}
dl.kv{margin:.4rem 0 1rem}
dl.kv>div{display:grid;grid-template-columns:minmax(8rem,15rem) 1fr;gap:1.25rem;padding:.22rem 0;border-bottom:1px solid #eceef0}
dl.kv dt{font-weight:600;overflow-wrap:anywhere}
dl.kv dd{margin:0;overflow-wrap:anywhere}
.callout{border-left:4px solid var(--warn);background:#fff7e5;padding:.5rem .8rem .5rem 1.8rem;margin:.5rem 0}
pre{overflow-x:auto;font-size:.85rem}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
footer{margin-top:2rem;padding-top:.75rem;padding-bottom:2rem;border-top:1px solid var(--rule);font-size:.8rem;color:var(--muted)}
@media (max-width:40rem){body{font-size:14px}h1{font-size:1.3rem}dl.kv>div{grid-template-columns:1fr;gap:0}.card{padding:.4rem .7rem}.card dd{font-size:1.15rem}figure svg{min-width:28rem}}
@media print{
@page{margin:12mm}
body{font-size:9.5pt;color:#000;background:none}
nav{display:none}
header{border-bottom:2pt solid #000}
.card,thead th,tbody tr:nth-child(even),.callout,td{background:none!important}
.card{border:1pt solid #888;break-inside:avoid}
.charts{grid-template-columns:1fr 1fr;gap:4mm}
figure{border:none;padding:0;margin:0 0 4mm;break-inside:avoid;page-break-inside:avoid}
figure svg{max-width:17cm;margin:0 auto}
.table-wrap{overflow:visible;border:none}
table{font-size:7pt;min-width:0}
th,td{padding:1pt 3pt}
thead{display:table-header-group}
tr,dl.kv div{break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
a{color:inherit;text-decoration:none}
}
)css";

class HtmlWriter {
  public:
    std::string id(const std::string& text) {
        std::string slug;
        for (char c : text) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                slug += c;
            else if (c >= 'A' && c <= 'Z')
                slug += static_cast<char>(c - 'A' + 'a');
            else if (!slug.empty() && slug.back() != '-')
                slug += '-';
        }
        while (!slug.empty() && slug.back() == '-') slug.pop_back();
        if (slug.empty() || !(slug.front() >= 'a' && slug.front() <= 'z')) slug = "s-" + slug;
        const int n = ++used_[slug];
        return n == 1 ? slug : slug + "-" + std::to_string(n);
    }

  private:
    std::map<std::string, int> used_;
};

std::string h(const std::string& text) { return escapeXml(text); }

//! A number cell that reads as negative gets the negative colour (text stays the same).
bool negative(const std::string& cell) { return cell.size() > 1 && cell[0] == '-' && cell[1] >= '0' && cell[1] <= '9'; }

std::string shadeStyle(double shade) {
    // A sequential blue ramp, light to mid: dark enough to see, light enough to read black text on.
    const double s = std::clamp(shade, 0.0, 1.0);
    const int lightness = static_cast<int>(std::lround(96.0 - 36.0 * s));
    return " style=\"background:hsl(205,70%," + std::to_string(lightness) + "%)\"";
}

std::string htmlTable(const Table& t, const std::string& fallbackCaption, HtmlWriter& ids) {
    const std::string captionId = ids.id("table-" + (t.caption.empty() ? fallbackCaption : t.caption));
    std::string out = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"" + captionId +
                      "\">\n<table>\n<caption id=\"" + captionId + "\"" +
                      (t.caption.empty() || t.captionInText ? " class=\"visually-hidden\"" : "") + ">" +
                      h(t.caption.empty() ? fallbackCaption : t.caption) + "</caption>\n<thead><tr>";
    for (const auto& c : t.columns)
        out += std::string("<th scope=\"col\"") + (c.rightAligned ? " class=\"num\"" : "") + ">" + h(c.heading) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        out += "<tr>";
        for (std::size_t i = 0; i < t.rows[r].size(); ++i) {
            const std::string& cell = t.rows[r][i];
            const bool right = i < t.columns.size() && t.columns[i].rightAligned;
            std::string cls = right ? "num" : "";
            if (right && negative(cell)) cls += " neg";
            std::string style;
            if (r < t.shades.size() && i < t.shades[r].size() && t.shades[r][i]) style = shadeStyle(*t.shades[r][i]);
            // The first column names the row (a period, a year, a scenario).
            const std::string tag = i == 0 ? "th" : "td";
            out += "<" + tag + (i == 0 ? " scope=\"row\"" : "") + (cls.empty() ? "" : " class=\"" + cls + "\"") + style +
                   ">" + h(cell) + "</" + tag + ">";
        }
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table>\n</div>\n";
}

std::string htmlBlock(const Block& block, const Section& section, HtmlWriter& ids) {
    return std::visit(
        Overloaded{
            [](const KeyValues& kv) {
                std::string out = "<dl class=\"kv\">\n";
                for (const auto& [k, v] : kv.pairs) out += "<div><dt>" + h(k) + "</dt><dd>" + h(v) + "</dd></div>\n";
                return out + "</dl>\n";
            },
            [&](const Table& t) {
                return (t.captionInText ? "<h3>" + h(t.caption) + "</h3>\n" : std::string()) +
                       htmlTable(t, section.title, ids);
            },
            [](const Paragraph& p) {
                std::string text;
                for (const auto& l : p.lines) text += (text.empty() ? "" : " ") + l;
                return "<p>" + h(text) + "</p>\n";
            },
            [&](const BulletList& b) {
                if (b.items.empty()) return "<p>" + h(b.emptyText) + "</p>\n";
                std::string out = section.role == SectionRole::Warnings || section.role == SectionRole::Notice
                                      ? "<ul class=\"callout\">\n"
                                      : "<ul>\n";
                for (const auto& item : b.items) out += "<li>" + h(item) + "</li>\n";
                return out + "</ul>\n";
            },
            [](const Preformatted& p) {
                std::string out = "<pre>";
                for (const auto& l : p.lines) out += h(l) + "\n";
                return out + "</pre>\n";
            },
            [](const BlankLine&) { return std::string(); },
        },
        block.content);
}

std::string htmlKeyFigures(const Document& d) {
    std::string out = "<dl class=\"cards\">\n";
    for (const auto& f : d.keyFigures) {
        out += "<div class=\"card\" data-key=\"" + h(f.key) + "\" data-value=\"" +
               (f.number ? scenarios::formatNumber(*f.number) : std::string("null")) + "\"" +
               (f.source.empty() ? "" : " data-json=\"" + h(f.source) + "\"") + ">";
        out += "<dt>" + h(f.label) + "</dt><dd class=\"value\">" +
               (f.unit.empty() ? "" : "<span class=\"unit\">" + h(f.unit) + "</span>") + h(f.value) + "</dd>";
        if (!f.note.empty()) out += "<dd class=\"note\">" + h(f.note) + "</dd>";
        out += "</div>\n";
    }
    return out + "</dl>\n";
}

}  // namespace

std::string escapeMarkdown(const std::string& text, bool lineStart) {
    auto alphanumeric = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
        case '\\': case '`': case '*': case '[': case ']': case '<': case '|': case '&': case '~':
            out += '\\';
            out += c;
            break;
        case '_':
            // Inside a word (project_npv) an underscore never starts emphasis in GFM: left as is.
            if (i == 0 || i + 1 == text.size() || !alphanumeric(text[i - 1]) || !alphanumeric(text[i + 1])) out += '\\';
            out += c;
            break;
        case '#': case '>': case '+': case '-':
            // Only at the start of a line do these make a heading, a quote or a list.
            if (i == 0 && lineStart) out += '\\';
            out += c;
            break;
        case '\n': case '\r': case '\t': out += ' '; break;
        default: out += c;
        }
    }
    // "1. " or "1) " opens an ordered list.
    const std::size_t digits = out.find_first_not_of("0123456789");
    if (lineStart && digits != std::string::npos && digits > 0 && (out[digits] == '.' || out[digits] == ')'))
        out.insert(digits, "\\");
    return out;
}

std::string currencySymbol(const std::string& currency) {
    if (currency == "GBP") return "\u00a3";
    if (currency == "EUR") return "\u20ac";
    if (currency == "USD") return "$";
    return currency + " ";
}

std::string renderText(const Document& d) {
    std::string out = headline(d, d.commandInHeadline) + "\n";
    for (const auto& l : d.before) out += l + "\n";
    // A market report has no input file: it says only the currency.
    out += d.inputSha256.empty() ? "Amounts in " + d.currency + "\n"
                                 : "Input SHA-256 " + d.inputSha256 + "; amounts in " + d.currency + "\n";
    for (const auto& l : d.after) out += l + "\n";
    for (const auto& s : d.sections) {
        if (!shownIn(s.media, true)) continue;
        out += section(s.title);
        for (const auto& b : s.blocks)
            if (shownIn(b.media, true)) out += textBlock(b);
    }
    return out;
}

std::string renderMarkdown(const Document& d) {
    std::string out = "# " + escapeMarkdown(headline(d, true)) + "\n\n";
    for (const auto& l : d.before) out += escapeMarkdown(l) + "\n\n";
    out += d.inputSha256.empty() ? "Amounts in " + escapeMarkdown(d.currency) + "\n\n"
                                 : "Input SHA-256 `" + d.inputSha256 + "`; amounts in " + escapeMarkdown(d.currency) + "\n\n";
    for (const auto& l : d.after) out += escapeMarkdown(l) + "\n\n";
    for (const auto& s : d.sections) {
        if (!shownIn(s.media, false)) continue;
        out += "## " + escapeMarkdown(s.title) + "\n";
        for (const auto& b : s.blocks) {
            if (!shownIn(b.media, false)) continue;
            const std::string text = markdownBlock(b);
            if (!text.empty()) out += "\n" + text;
        }
        out += "\n";
    }
    while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    return out;
}

std::string renderHtml(const Document& d) {
    HtmlWriter ids;
    const std::string version = h(d.version);
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      // Nothing may load: the report is one file, safe to open offline or mail on.
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'; img-src data:\">\n"
                      "<meta name=\"generator\" content=\"itsb " +
                      version + "\">\n<meta name=\"itsb-input-sha256\" content=\"" + h(d.inputSha256) +
                      "\">\n<link rel=\"icon\" href=\"data:,\">\n<title>" + h(d.title) + " \u00b7 itsb " +
                      h(d.command) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";

    out += "<header>\n<p class=\"kicker\">itsb " + version + " \u00b7 " + h(d.command) + "</p>\n<h1>" + h(d.title) +
           "</h1>\n";
    for (const auto& l : d.before) out += "<p>" + h(l) + "</p>\n";
    if (d.inputSha256.empty())
        out += "<p class=\"meta\">Amounts in " + h(d.currency) + "</p>\n";
    else
        out += "<p class=\"meta\">Input SHA-256 <code id=\"input-sha256\">" + h(d.inputSha256) + "</code>; amounts in " +
               h(d.currency) + "</p>\n";
    for (const auto& l : d.after) out += "<p>" + h(l) + "</p>\n";
    out += "</header>\n";

    // Key figures first, then the charts, then the tables, then how it was all computed.
    std::vector<const Section*> ordered;
    for (SectionRole role : {SectionRole::Notice, SectionRole::Body, SectionRole::Conventions, SectionRole::Warnings})
        for (const auto& s : d.sections)
            if (s.role == role && shownIn(s.media, false)) ordered.push_back(&s);
    std::vector<std::string> sectionIds;
    for (const auto* s : ordered) sectionIds.push_back(ids.id(s->title));

    const std::size_t notices = static_cast<std::size_t>(std::count_if(
        ordered.begin(), ordered.end(), [](const Section* s) { return s->role == SectionRole::Notice; }));
    auto navEntry = [&](std::size_t i) {
        return "<li><a href=\"#" + sectionIds[i] + "\">" + h(ordered[i]->title) + "</a></li>\n";
    };
    auto section = [&](std::size_t i) {
        const Section& s = *ordered[i];
        std::string text = "<section id=\"" + sectionIds[i] + "\" aria-labelledby=\"" + sectionIds[i] +
                           "-heading\">\n<h2 id=\"" + sectionIds[i] + "-heading\">" + h(s.title) + "</h2>\n";
        for (const auto& b : s.blocks)
            if (shownIn(b.media, false)) text += htmlBlock(b, s, ids);
        return text + "</section>\n";
    };
    out += "<nav aria-label=\"Contents\">\n<ol>\n";
    for (std::size_t i = 0; i < notices; ++i) out += navEntry(i);
    if (!d.keyFigures.empty()) out += "<li><a href=\"#key-figures\">Key figures</a></li>\n";
    if (!d.charts.empty()) out += "<li><a href=\"#charts\">Charts</a></li>\n";
    for (std::size_t i = notices; i < ordered.size(); ++i) out += navEntry(i);
    out += "</ol>\n</nav>\n<main>\n";
    for (std::size_t i = 0; i < notices; ++i) out += section(i);

    if (!d.keyFigures.empty())
        out += "<section id=\"key-figures\" aria-labelledby=\"key-figures-heading\">\n<h2 id=\"key-figures-heading\">Key "
               "figures</h2>\n" +
               htmlKeyFigures(d) + "</section>\n";
    if (!d.charts.empty()) {
        out += "<section id=\"charts\" aria-labelledby=\"charts-heading\">\n<h2 id=\"charts-heading\">Charts</h2>\n"
               "<div class=\"charts\">\n";
        for (const auto& chart : d.charts)
            out += "<figure id=\"figure-" + h(chart.id) + "\">\n<div class=\"chart-scroll\">\n" + renderSvg(chart) +
                   "\n</div>\n<figcaption><strong>" +
                   h(chart.title) + ".</strong> " + h(chart.description) + "</figcaption>\n</figure>\n";
        out += "</div>\n</section>\n";
    }
    for (std::size_t i = notices; i < ordered.size(); ++i) out += section(i);
    if (d.inputSha256.empty())
        out += "</main>\n<footer>\n<p>Made by itsb " + version +
               " from the public data compiled into it and the market place's listings (docs/MARKET.md)."
               "</p>\n</footer>\n</body>\n</html>\n";
    else
        out += "</main>\n<footer>\n<p>Made by itsb " + version + " from the input with SHA-256 <code>" + h(d.inputSha256) +
               "</code>. Every figure can be recomputed from the tables and the conventions above; the same input gives "
               "this file byte for byte.</p>\n</footer>\n</body>\n</html>\n";
    return out;
}

}  // namespace itsb::reports
