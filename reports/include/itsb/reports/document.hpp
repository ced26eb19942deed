#pragma once
// One report's content, independent of how it is written: a headline, key figures, charts and
// titled sections of key/value lists, tables, paragraphs and bullet lists. Each command builds
// a Document once; renderText, renderMarkdown and renderHtml turn it into `--format table`,
// `md` and `html`, so the three formats cannot drift apart in what they say.

#include "itsb/reports/svg_chart.hpp"
#include "itsb/version.hpp"

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace itsb::reports {

//! Where a block appears. The plain-text report is a contract (golden files compare it byte for
//! byte), so what only reads well in one medium is marked rather than forced on the others.
enum class Media {
    All,       //!< every format
    TextOnly,  //!< the plain-text report alone (e.g. a histogram drawn with '#')
    RichOnly   //!< Markdown and HTML alone (e.g. a table standing in for a text drawing)
};

//! Aligned "key  value" lines; a two-column table in Markdown, a description list in HTML.
struct KeyValues {
    std::vector<std::pair<std::string, std::string>> pairs{};
    std::string keyHeading = "Item";  //!< Markdown's header row
    std::string valueHeading = "Value";
};

struct TableColumn {
    std::string heading{};
    bool rightAligned = false;  //!< numbers: right-aligned, so digits line up
};

struct Table {
    std::vector<TableColumn> columns{};
    std::vector<std::vector<std::string>> rows{};
    //! The table's name: HTML's <caption> (hidden when empty: the section title stands in).
    std::string caption{};
    //! Also print the caption above the table in text ("\n  Council A\n") and as a Markdown heading.
    bool captionInText = false;
    //! HTML only: a 0..1 shade per cell (a heat table), empty or nullopt for none.
    std::vector<std::vector<std::optional<double>>> shades{};
};

//! A paragraph; in text each line is printed as written (indented), elsewhere they join.
struct Paragraph {
    std::vector<std::string> lines{};
};

//! Bullet points; `emptyText` stands alone when there are none.
struct BulletList {
    std::vector<std::string> items{};
    std::string emptyText = "none";
};

//! Lines printed exactly as given (text drawings); a <pre> in HTML.
struct Preformatted {
    std::vector<std::string> lines{};
};

//! A blank line in the text report; nothing elsewhere (Markdown and HTML space blocks themselves).
struct BlankLine {};

struct Block {
    std::variant<KeyValues, Table, Paragraph, BulletList, Preformatted, BlankLine> content{};
    Media media = Media::All;
};

//! What a section is for: HTML puts a notice before everything (what a reader must know before
//! reading any figure), the conventions and warnings after every table.
enum class SectionRole { Notice, Body, Conventions, Warnings };

struct Section {
    std::string title{};
    std::vector<Block> blocks{};
    SectionRole role = SectionRole::Body;
    Media media = Media::All;
};

//! A headline figure, shown first in HTML as a card.
struct KeyFigure {
    std::string key{};    //!< the JSON key it reports ("project_irr"): the card's data-key
    std::string label{};  //!< "Project IRR"
    std::string value{};  //!< as a person reads it ("43.5975%", "2027/28")
    std::string unit{};   //!< shown before a money value ("GBP"), else empty
    std::string note{};   //!< a line under the value ("year 2", "fund_capital_costs")
    std::optional<double> number{};  //!< the exact value (data-value), null when there is none
    std::string source{};            //!< JSON pointer of the value in the command's JSON output, if it has one
};

struct Document {
    std::string command{};  //!< "run", "compare", ...: named in the HTML and Markdown headings
    //! Whether the text headline names the command ("itsb 0.1.0 size: NAME") or not ("itsb 0.1.0: NAME").
    bool commandInHeadline = false;
    std::string version = ITSB_VERSION;  //!< itsb's
    std::string title{};    //!< the scenario's name
    std::vector<std::string> before{};  //!< lines between the headline and the hash line (a description)
    std::string inputSha256{};
    std::string currency{};
    std::vector<std::string> after{};  //!< lines after the hash line
    std::vector<KeyFigure> keyFigures{};
    std::vector<Chart> charts{};
    std::vector<Section> sections{};
};

//! `--format table`: the headline, the lines around the hash line, then each section as
//! "Title\n=====" with its blocks. Key figures and charts are not part of the text report.
std::string renderText(const Document& document);
//! `--format md`: GitHub-flavoured Markdown with the text report's content, key/value lists as
//! two-column tables, and (Markdown-only) sections such as the conventions.
std::string renderMarkdown(const Document& document);
//! `--format html`: one self-contained page (inline CSS, inline SVG, no script, nothing loaded).
std::string renderHtml(const Document& document);

//! Markdown text with every character that could start markup escaped; line breaks become
//! spaces. `lineStart`: the text begins a line (a paragraph), where "-", "#", ">" and "1." matter.
std::string escapeMarkdown(const std::string& text, bool lineStart = true);

//! The symbol readers expect before an amount in `currency` ("£" for GBP), else the code itself.
std::string currencySymbol(const std::string& currency);

}  // namespace itsb::reports
