#include "xlsx_book.hpp"

#include <xlsxwriter.h>

#include <ctime>
#include <stdexcept>

namespace itsb::reports::xlsx {

namespace {

void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR) throw std::runtime_error(std::string("xlsx: ") + what + ": " + lxw_strerror(error));
}

lxw_row_t rowOf(int row) { return static_cast<lxw_row_t>(row); }
lxw_col_t columnOf(int column) { return static_cast<lxw_col_t>(column); }

std::string withoutEquals(const std::string& formula) {
    return !formula.empty() && formula.front() == '=' ? formula.substr(1) : formula;
}

}  // namespace

std::string columnName(int column) {
    std::string name;
    for (int c = column + 1; c > 0; c = (c - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (c - 1) % 26));
    return name;
}

std::string cellRef(int row, int column, bool absolute) {
    const std::string dollar = absolute ? "$" : "";
    return dollar + columnName(column) + dollar + std::to_string(row + 1);
}

std::string rangeRef(int firstRow, int firstColumn, int lastRow, int lastColumn) {
    return cellRef(firstRow, firstColumn, true) + ":" + cellRef(lastRow, lastColumn, true);
}

std::string onSheet(const std::string& sheet, const std::string& reference) {
    bool plain = !sheet.empty();
    for (char c : sheet)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
    if (plain) return sheet + "!" + reference;
    std::string quoted = "'";
    for (char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'!" + reference;
}

// --- Sheet -----------------------------------------------------------------------------------

void Sheet::text(int row, int column, const std::string& value, Style style) {
    // A cell holds at most 32,767 characters; a longer description is cut (at a UTF-8 boundary).
    std::string cut = value;
    if (cut.size() > 32767) {
        cut.resize(32767);
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
        if (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0x80)) cut.pop_back();
    }
    check(worksheet_write_string(sheet_, rowOf(row), columnOf(column), cut.c_str(), book_->format(style)),
          "writing text");
}

void Sheet::number(int row, int column, double value, Style style) {
    check(worksheet_write_number(sheet_, rowOf(row), columnOf(column), value, book_->format(style)), "writing a number");
}

void Sheet::date(int row, int column, finance::Date value) {
    // QuantLib's serial numbers are the spreadsheet's (1900 date system): 46113 is 2026-04-01.
    number(row, column, static_cast<double>(value.serial()), Style::Date);
}

void Sheet::boolean(int row, int column, bool value) {
    check(worksheet_write_boolean(sheet_, rowOf(row), columnOf(column), value ? 1 : 0, book_->format(Style::Plain)),
          "writing a boolean");
}

void Sheet::blank(int row, int column, Style style) {
    check(worksheet_write_blank(sheet_, rowOf(row), columnOf(column), book_->format(style)), "writing a blank");
}

void Sheet::formula(int row, int column, const std::string& formula, double cached, Style style) {
    // A negative zero would be cached as "-0".
    const double value = cached == 0.0 ? 0.0 : cached;
    check(worksheet_write_formula_num(sheet_, rowOf(row), columnOf(column), withoutEquals(formula).c_str(),
                                      book_->format(style), value),
          "writing a formula");
}

void Sheet::formulaText(int row, int column, const std::string& formula, const std::string& cached, Style style) {
    check(worksheet_write_formula_str(sheet_, rowOf(row), columnOf(column), withoutEquals(formula).c_str(),
                                      book_->format(style), cached.c_str()),
          "writing a formula");
}

void Sheet::formulaOrNull(int row, int column, const std::string& formula, const std::optional<double>& cached,
                          Style style) {
    if (cached)
        this->formula(row, column, formula, *cached, style);
    else
        formulaText(row, column, formula, "", style);
}

void Sheet::columnWidth(int first, int last, double width) {
    check(worksheet_set_column(sheet_, columnOf(first), columnOf(last), width, nullptr), "setting a column width");
}

void Sheet::freeze(int row, int column) { worksheet_freeze_panes(sheet_, rowOf(row), columnOf(column)); }

void Sheet::activate() { worksheet_activate(sheet_); }

// --- Workbook --------------------------------------------------------------------------------

Workbook::Workbook(const std::string& path, finance::Date created, int decimals) : path_(path) {
    book_ = workbook_new(path.c_str());
    if (!book_) throw std::runtime_error("xlsx: cannot create a workbook for " + path);

    // libxlsxwriter stamps docProps/core.xml with the time of writing unless given one: the
    // scenario's start date (noon UTC, never the 0 that means "now") keeps the bytes the same.
    lxw_doc_properties properties{};
    static char title[] = "itsb invest-to-save bond workbook";
    static char creator[] = "itsb";
    properties.title = title;
    properties.author = creator;
    const long long unixDays = static_cast<long long>(created.serial()) - 25569;  // serial 25569 = 1970-01-01
    properties.created = static_cast<time_t>(unixDays * 86400 + 43200);
    check(workbook_set_properties(book_, &properties), "setting the document properties");

    const auto add = [&](auto&& configure) {
        lxw_format* f = workbook_add_format(book_);
        configure(f);
        formats_.push_back(f);
    };
    std::string money = "#,##0";
    if (decimals > 0) money += "." + std::string(static_cast<std::size_t>(decimals), '0');
    // One format per Style, in the enum's order.
    add([](lxw_format*) {});                                                   // Plain
    add([](lxw_format* f) { format_set_text_wrap(f); format_set_align(f, LXW_ALIGN_VERTICAL_TOP); });  // Text
    add([](lxw_format* f) { format_set_bold(f); format_set_font_size(f, 14); });  // Title
    add([](lxw_format* f) {                                                     // Section
        format_set_bold(f);
        format_set_font_size(f, 12);
        format_set_font_color(f, 0x1F4E79);
    });
    add([](lxw_format* f) {                                                     // Header
        format_set_bold(f);
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_BOTTOM);
        format_set_bg_color(f, 0xDDEBF7);
        format_set_bottom(f, LXW_BORDER_THIN);
    });
    add([](lxw_format* f) { format_set_font_size(f, 8); format_set_font_color(f, 0x808080); });  // Key
    add([](lxw_format* f) { format_set_italic(f); format_set_font_color(f, 0x595959); });        // Note
    add([&](lxw_format* f) { format_set_num_format(f, money.c_str()); });                      // Money
    add([](lxw_format* f) { format_set_num_format(f, "0.0000%"); });                            // Percent
    add([](lxw_format* f) { format_set_num_format(f, "0.0000"); });                             // Ratio
    add([](lxw_format* f) { format_set_num_format(f, "0.0000"); });                             // Years
    add([](lxw_format* f) { format_set_num_format(f, "0.0000000000"); });                       // Factor
    add([](lxw_format* f) { format_set_num_format(f, "0"); });                                  // Integer
    add([](lxw_format* f) { format_set_num_format(f, "yyyy-mm-dd"); format_set_align(f, LXW_ALIGN_LEFT); });  // Date
    add([](lxw_format* f) { format_set_num_format(f, "General"); });                            // Number
    add([](lxw_format* f) { format_set_bold(f); format_set_font_color(f, 0x006100); });         // Check
}

Workbook::~Workbook() {
    if (book_) lxw_workbook_free(book_);  // never closed (an error on the way): write nothing
}

Sheet& Workbook::addSheet(const std::string& name) {
    lxw_worksheet* sheet = workbook_add_worksheet(book_, name.c_str());
    if (!sheet) throw std::runtime_error("xlsx: cannot add the sheet " + name);
    sheets_.emplace_back(*this, sheet, name);
    return sheets_.back();
}

void Workbook::defineName(const std::string& name, const std::string& reference) {
    check(workbook_define_name(book_, name.c_str(), ("=" + reference).c_str()), ("defining the name " + name).c_str());
}

void Workbook::close() {
    lxw_workbook* book = book_;
    book_ = nullptr;  // workbook_close frees it, success or not
    check(workbook_close(book), ("writing " + path_).c_str());
}

lxw_format* Workbook::format(Style style) const { return formats_.at(static_cast<std::size_t>(style)); }

}  // namespace itsb::reports::xlsx
