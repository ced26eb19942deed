// `--format md`: GitHub-flavoured Markdown tables that read back into the same numbers as
// `--format json`. The tables are parsed the way a GFM renderer splits them (cells on unescaped
// `|`, the alignment row skipped, backslash escapes removed), and every cell is compared with
// the JSON value of its row and column: money to the penny once the thousands separators are
// gone, percentages and ratios to the places printed.

#include "cli_harness.hpp"

#include "itsb/scenarios/model/metric_catalog.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

using namespace itsb::test;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct MarkdownTable {
    std::vector<std::string> headings;
    std::vector<std::string> alignments;  //!< the alignment row's cells, e.g. "---:"
    std::vector<std::vector<std::string>> rows;
};

//! A Markdown document as its "## " sections, each with the tables in it, in order.
using Sections = std::map<std::string, std::vector<MarkdownTable>>;

//! Splits a table line into cells on unescaped '|' and removes GFM's backslash escapes.
std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    bool open = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\\' && i + 1 < line.size() && std::ispunct(static_cast<unsigned char>(line[i + 1]))) {
            cell += line[++i];
        } else if (c == '|') {
            if (open) out.push_back(cell);
            open = true;
            cell.clear();
        } else {
            cell += c;
        }
    }
    for (auto& c : out) {
        const auto first = c.find_first_not_of(' ');
        const auto last = c.find_last_not_of(' ');
        c = first == std::string::npos ? "" : c.substr(first, last - first + 1);
    }
    return out;
}

Sections parseMarkdown(const std::string& text) {
    Sections sections;
    std::istringstream lines(text);
    std::string line, section;
    MarkdownTable* table = nullptr;
    while (std::getline(lines, line)) {
        if (line.rfind("## ", 0) == 0) {
            section = line.substr(3);
            table = nullptr;
        } else if (!line.empty() && line.front() == '|') {
            if (table == nullptr) {
                table = &sections[section].emplace_back();
                table->headings = cells(line);
            } else if (table->alignments.empty()) {
                table->alignments = cells(line);
            } else {
                table->rows.push_back(cells(line));
            }
        } else {
            table = nullptr;
        }
    }
    return sections;
}

//! A printed number back to a double, with half a unit of its last printed place.
struct Printed {
    double value = 0.0;
    double halfUnit = 0.0;
};

std::optional<Printed> readNumber(std::string text) {
    double scale = 1.0;
    if (!text.empty() && text.back() == '%') {
        text.pop_back();
        scale = 0.01;
    }
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    if (text.empty()) return std::nullopt;
    std::size_t used = 0;
    double value = 0.0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (used != text.size()) return std::nullopt;
    const auto point = text.find('.');
    const int places = point == std::string::npos ? 0 : static_cast<int>(text.size() - point - 1);
    return Printed{value * scale, 0.5 * std::pow(10.0, -places) * scale};
}

//! Whether a Markdown cell says what the JSON value says.
bool agrees(const std::string& cell, const Json& value) {
    if (value.is_null()) return cell == "n/a";
    if (value.is_string()) return cell == value.get<std::string>();
    if (value.is_array()) {
        if (value.empty()) return cell == "none";
        std::vector<std::string> parts;
        std::string rest = cell;
        for (std::size_t comma; (comma = rest.find(", ")) != std::string::npos; rest = rest.substr(comma + 2))
            parts.push_back(rest.substr(0, comma));
        parts.push_back(rest);
        if (parts.size() != value.size()) return false;
        for (std::size_t i = 0; i < parts.size(); ++i)
            if (!agrees(parts[i], value[i])) return false;
        return true;
    }
    const auto printed = readNumber(cell);
    if (!printed) return false;
    // Money is rounded to the penny in the JSON, so the two agree to the penny; a rate printed
    // as 43.5975% agrees to half its last place. The 1e-9 absorbs the parse of the decimal text.
    return std::abs(printed->value - value.get<double>()) <= printed->halfUnit * (1 + 1e-9) + 1e-12;
}

//! The column headings of the schedule and annual tables and the JSON keys they show.
const std::map<std::string, std::string>& columnKeys() {
    static const std::map<std::string, std::string> keys{
        {"Period", "period"},
        {"Kind", "kind"},
        {"Accrual start", "accrual_start"},
        {"Accrual end", "accrual_end"},
        {"Payment date", "payment_date"},
        {"Fraction", "accrual_fraction"},
        {"Opening balance", "opening_balance"},
        {"Interest", "interest"},
        {"Principal", "principal"},
        {"Capitalised", "capitalised_interest"},
        {"Debt service", "debt_service"},
        {"Closing balance", "closing_balance"},
        {"Year", "year"},
        {"Fiscal year", "fiscal_year"},
        {"Baseline", "baseline_expenditure"},
        {"Gross savings", "gross_savings"},
        {"Running costs", "running_costs"},
        {"One-off costs", "one_off_costs"},
        {"Net savings", "net_savings"},
        {"Fees", "annual_fees"},
        {"CFADS", "cfads"},
        {"DSCR", "dscr"},
        {"Net proceeds", "net_proceeds"},
        {"Reserve", "reserve"},
        {"Project flow", "project_flow"},
        {"Council flow", "council_flow"},
        {"Cumulative", "cumulative_position"},
        {"DF", "discount_factor"},
    };
    return keys;
}

//! Checks every cell of `table` against `rows`, a JSON array of objects in the same order.
//! Returns the number of cells compared.
//! The revenue account's headings (docs/MODEL.md §10), where they differ from the annual table's.
const std::map<std::string, std::string>& revenueColumnKeys() {
    static const std::map<std::string, std::string> keys{
        {"Year", "year"},
        {"Fiscal year", "fiscal_year"},
        {"Gross savings", "gross_savings"},
        {"Running costs", "running_costs"},
        {"Fees", "fees"},
        {"Revenue one-off", "revenue_one_off_costs"},
        {"Capital receipts", "funded_by_capital_receipts"},
        {"Grants", "funded_by_grants"},
        {"Reserves", "funded_by_reserves"},
        {"Interest accrued", "interest_accrued"},
        {"MRP", "mrp"},
        {"Loans fund repayments", "mrp"},
        {"Issuance costs", "issuance_costs"},
        {"Net revenue effect", "net_revenue_effect"},
        {"Cumulative", "cumulative"},
        {"CFR opening", "cfr_opening"},
        {"CFR borrowing", "cfr_borrowing"},
        {"CFR closing", "cfr_closing"},
        {"Net revenue stream", "net_revenue_stream"},
        {"Financing-cost ratio", "financing_cost_ratio"},
        {"Band D equivalent", "band_d_equivalent"},
        {"Bond debt service", "bond_debt_service"},
        {"PWLB debt service", "pwlb_debt_service"},
    };
    return keys;
}

int checkRows(const MarkdownTable& table, const Json& rows,
              const std::map<std::string, std::string>& keys = columnKeys()) {
    REQUIRE(table.rows.size() == rows.size());
    int compared = 0;
    for (std::size_t c = 0; c < table.headings.size(); ++c) {
        const auto key = keys.find(table.headings[c]);
        REQUIRE_MESSAGE(key != keys.end(), "unknown column ", table.headings[c]);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            CAPTURE(table.headings[c]);
            CAPTURE(r);
            CAPTURE(table.rows[r][c]);
            CHECK(agrees(table.rows[r][c], rows[r].at(key->second)));
            ++compared;
        }
    }
    return compared;
}

}  // namespace

TEST_CASE("markdown: the cell splitter honours escaped pipes and backslashes") {
    CHECK(cells("| a | b \\| c | 1,234.50 |") == std::vector<std::string>{"a", "b | c", "1,234.50"});
    CHECK(cells("| x\\_y | \\<b> |") == std::vector<std::string>{"x_y", "<b>"});
    CHECK(agrees("-3,644,290.00", Json(-3644290.0)));
    CHECK_FALSE(agrees("-3,644,290.01", Json(-3644290.0)));
    CHECK(agrees("43.5975%", Json(0.43597512)));
    CHECK_FALSE(agrees("43.5975%", Json(0.4359812)));
}

TEST_CASE("markdown: every example's schedule, annual tables and metrics read back as the JSON numbers") {
    std::map<std::string, std::pair<std::string, itsb::scenarios::ValueKind>> metricKeys;
    for (const auto& e : itsb::scenarios::metricEntries(itsb::scenarios::Metrics{}))
        metricKeys[e.heading] = {e.key, e.kind};
    for (const auto& e : itsb::scenarios::revenueMetricEntries(itsb::scenarios::RevenueMetrics{}))
        metricKeys[e.heading] = {e.key, e.kind};
    int revenueExamples = 0;

    for (const auto& input : exampleInputs()) {
        CAPTURE(input.filename().string());
        const auto md = runCli({"run", input.string(), "--format", "md"});
        const auto jsonRun = runCli({"run", input.string(), "--format", "json"});
        REQUIRE(md.code == 0);
        REQUIRE(jsonRun.code == 0);
        const Json expected = Json::parse(jsonRun.out);
        const Sections sections = parseMarkdown(md.out);

        // The report states the version and the input hash.
        CHECK(md.out.rfind("# itsb " + expected.at("itsb_version").get<std::string>() + " run: ", 0) == 0);
        CHECK(md.out.find("`" + expected.at("input_sha256").get<std::string>() + "`") != std::string::npos);
        REQUIRE(sections.count("Conventions") == 1);
        CHECK(sections.at("Conventions").front().rows.size() == expected.at("conventions").size());

        // The schedule: every column, right-aligned numbers.
        REQUIRE(sections.count("Repayment schedule") == 1);
        const auto& schedule = sections.at("Repayment schedule").front();
        CHECK(schedule.alignments.at(0) == "---:");
        CHECK(schedule.alignments.at(1) == ":---");
        int compared = checkRows(schedule, expected.at("schedule"));

        // The annual table, split over two tables.
        for (const char* title : {"Annual cash flows: savings and costs",
                                  "Annual cash flows: financing and the council's position"}) {
            CAPTURE(title);
            REQUIRE(sections.count(title) == 1);
            compared += checkRows(sections.at(title).front(), expected.at("annual"));
        }

        // The metrics: a two-column table of heading and value.
        REQUIRE(sections.count("Metrics") == 1);
        const auto& metrics = sections.at("Metrics").front();
        CHECK(metrics.rows.size() == expected.at("metrics").size());
        for (const auto& row : metrics.rows) {
            CAPTURE(row.at(0));
            CAPTURE(row.at(1));
            const auto key = metricKeys.find(row.at(0));
            REQUIRE(key != metricKeys.end());
            CHECK(agrees(row.at(1), expected.at("metrics").at(key->second.first)));
            ++compared;
        }
        CHECK(compared > 200);

        // The revenue account (council_finance), over two tables, and the PWLB debt service.
        if (!expected.contains("revenue_account")) continue;
        ++revenueExamples;
        for (const char* title : {"Revenue budget: savings and charges by financial year",
                                  "Revenue budget: capital financing requirement and ratios"}) {
            CAPTURE(title);
            REQUIRE(sections.count(title) == 1);
            CHECK(checkRows(sections.at(title).back(), expected.at("revenue_account"), revenueColumnKeys()) >
                  8 * static_cast<int>(expected.at("revenue_account").size()));
        }
        if (expected.contains("pwlb_comparison") && expected.at("pwlb_comparison").at("available").get<bool>()) {
            REQUIRE(sections.count("PWLB comparison") == 1);
            checkRows(sections.at("PWLB comparison").back(), expected.at("pwlb_comparison").at("debt_service"),
                      revenueColumnKeys());
        }
    }
    CHECK(revenueExamples >= 1);
}

TEST_CASE("markdown: compare reads back as the compare JSON") {
    const auto pilot = sourcePath("examples/default_pilot.json").string();
    const auto md = runCli({"compare", pilot, "--format", "md"});
    const auto jsonRun = runCli({"compare", pilot, "--format", "json"});
    REQUIRE(md.code == 0);
    REQUIRE(jsonRun.code == 0);
    const Json expected = Json::parse(jsonRun.out);
    const Sections sections = parseMarkdown(md.out);
    REQUIRE(sections.count("What sharing delivers against what councils need") == 1);
    const auto& table = sections.at("What sharing delivers against what councils need").front();
    const std::map<std::string, std::string> keys{
        {"Scenario", "name"},          {"Saving rate", "saving_rate"}, {"Notional", "notional"},
        {"Gross savings year 5", "gross_savings_year5"}, {"Project IRR", "project_irr"},
        {"Project NPV", "project_npv"}, {"NPV after financing", "npv_after_financing"},
        {"Min DSCR", "min_dscr"},      {"Payback (years)", "payback_years"},
    };
    const auto& rows = expected.at("rows");
    REQUIRE(table.rows.size() == rows.size());
    for (std::size_t c = 0; c < table.headings.size(); ++c) {
        for (std::size_t r = 0; r < rows.size(); ++r) {
            CAPTURE(table.headings[c]);
            CAPTURE(table.rows[r][c]);
            if (table.headings[c] == "Break-even") {
                // "2027/28 (year 2)", or words for year 0 and none.
                const auto& year = rows[r].at("break_even_year");
                if (year.is_null())
                    CHECK(table.rows[r][c].rfind("not within", 0) == 0);
                else if (year.get<int>() == 0)
                    CHECK(table.rows[r][c] == "never out of pocket");
                else
                    CHECK(table.rows[r][c] == rows[r].at("break_even_fiscal_year").get<std::string>() + " (year " +
                                                  std::to_string(year.get<int>()) + ")");
                continue;
            }
            REQUIRE(keys.count(table.headings[c]) == 1);
            CHECK(agrees(table.rows[r][c], rows[r].at(keys.at(table.headings[c]))));
        }
    }
    // Markdown also states the conventions the text report leaves to `itsb run`.
    CHECK(sections.count("Conventions") == 1);
}

TEST_CASE("markdown: simulate's percentiles read back as the simulate JSON") {
    const auto pilot = sourcePath("examples/default_pilot.json").string();
    const auto md = runCli({"simulate", pilot, "--paths", "2000", "--format", "md"});
    const auto jsonRun = runCli({"simulate", pilot, "--paths", "2000", "--format", "json"});
    REQUIRE(md.code == 0);
    REQUIRE(jsonRun.code == 0);
    const Json expected = Json::parse(jsonRun.out);
    const Sections sections = parseMarkdown(md.out);
    const std::string title = "Percentiles (nearest rank; null above every number)";
    REQUIRE(sections.count(title) == 1);
    const auto& table = sections.at(title).front();
    REQUIRE(table.rows.size() == expected.at("percentiles").size());
    const std::vector<std::string> columns{"p5", "p10", "p50", "p90", "p95", "mean"};
    for (const auto& row : table.rows) {
        const std::string key = row.at(0);
        CAPTURE(key);
        CHECK(agrees(row.at(1), expected.at("base").at(key)));
        for (std::size_t i = 0; i < columns.size(); ++i) {
            CAPTURE(columns[i]);
            CHECK(agrees(row.at(2 + i), expected.at("percentiles").at(key).at(columns[i])));
        }
        CHECK(agrees(row.at(8), expected.at("nulls").at(key)));
    }
    // The break-even years, drawn with '#' in text, are a table in Markdown.
    REQUIRE(sections.count("Break-even year") == 1);
    const auto& years = sections.at("Break-even year").front();
    const auto& counts = expected.at("histograms").at("break_even_year").at("counts");
    REQUIRE(years.rows.size() == counts.size() + 1);
    for (std::size_t i = 0; i < counts.size(); ++i) CHECK(agrees(years.rows[i].at(2), counts[i]));
}

TEST_CASE("markdown: text from the input is escaped, never markup") {
    const auto md = runCli({"run", "--set", "/name=a | b <script>*x*</script>", "--format", "md"});
    REQUIRE(md.code == 0);
    CHECK(md.out.find("a \\| b \\<script>\\*x\\*\\</script>") != std::string::npos);
    // Every '<' is escaped, so no renderer sees a tag.
    for (std::size_t at = md.out.find('<'); at != std::string::npos; at = md.out.find('<', at + 1))
        CHECK(md.out[at - 1] == '\\');
}
