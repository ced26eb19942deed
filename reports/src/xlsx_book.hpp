#pragma once
// A thin C++ layer over libxlsxwriter for the workbooks (--format xlsx): cell references in A1
// notation, the workbook's number formats, and cells written as values or as live formulas
// with a cached result. Private to cli/src.
//
// Every derived cell is a formula with itsb's own number cached beside it, so a spreadsheet
// that never recalculates still shows our figures, and one that does recalculates them from
// the inputs. libxlsxwriter stores numbers with 16 significant digits (%.16G).

#include "itsb/finance/date.hpp"

#include <deque>
#include <optional>
#include <string>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace itsb::reports::xlsx {

//! "A", "B", ..., "Z", "AA", ... for a 0-based column.
std::string columnName(int column);
//! "B7" for a 0-based (row, column); "$B$7" when absolute.
std::string cellRef(int row, int column, bool absolute = false);
//! "$B$7:$B$27" (absolute) for a 0-based rectangle.
std::string rangeRef(int firstRow, int firstColumn, int lastRow, int lastColumn);
//! "Sheet!$B$7" / "Sheet!$B$7:$B$27", the sheet name quoted when it needs it.
std::string onSheet(const std::string& sheet, const std::string& reference);

//! How a cell reads.
enum class Style {
    Plain,     //!< general
    Text,      //!< left-aligned text, wrapped
    Title,     //!< the sheet title
    Section,   //!< a section heading
    Header,    //!< a table's column headings
    Key,       //!< the JSON key under a heading (small, grey)
    Note,      //!< explanations (grey, italic)
    Money,     //!< thousands separators, `decimals` places
    Percent,   //!< a decimal rate as a percentage, 4 places
    Ratio,     //!< DSCR, LLCR: 4 places
    Years,     //!< payback, durations: 4 places
    Factor,    //!< discount factors, accrual fractions: 10 places
    Integer,   //!< years, periods, counts
    Date,      //!< yyyy-mm-dd
    Number,    //!< any other number: general
    Check      //!< a reconciliation result ("OK")
};

class Workbook;

class Sheet {
  public:
    Sheet(Workbook& book, lxw_worksheet* sheet, std::string name) : book_(&book), sheet_(sheet), name_(std::move(name)) {}
    const std::string& name() const { return name_; }

    void text(int row, int column, const std::string& value, Style style = Style::Text);
    void number(int row, int column, double value, Style style);
    void date(int row, int column, finance::Date value);
    void boolean(int row, int column, bool value);
    void blank(int row, int column, Style style);
    //! A formula (leading '=' optional) caching `cached`.
    void formula(int row, int column, const std::string& formula, double cached, Style style);
    //! A formula whose result is text, caching `cached`.
    void formulaText(int row, int column, const std::string& formula, const std::string& cached, Style style);
    //! A formula whose result may be null: a null is the empty text "" the formula returns.
    void formulaOrNull(int row, int column, const std::string& formula, const std::optional<double>& cached,
                       Style style);

    void columnWidth(int first, int last, double width);
    void freeze(int row, int column);
    //! Sets the sheet as the one shown when the workbook opens.
    void activate();

  private:
    Workbook* book_;
    lxw_worksheet* sheet_;
    std::string name_;
};

class Workbook {
  public:
    //! A workbook to be written to `path`; `created` fixes docProps/core.xml's creation date so
    //! the same input gives the same bytes. `decimals` sets the money format.
    Workbook(const std::string& path, finance::Date created, int decimals);
    ~Workbook();
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    Sheet& addSheet(const std::string& name);
    //! A workbook-level name, e.g. defineName("Coupon", "Inputs!$B$40").
    void defineName(const std::string& name, const std::string& reference);
    //! Writes the file; throws std::runtime_error on failure.
    void close();

    lxw_format* format(Style style) const;

  private:
    lxw_workbook* book_ = nullptr;
    std::vector<lxw_format*> formats_;
    std::deque<Sheet> sheets_;  // a deque: references to its sheets stay valid as it grows
    std::string path_;
};

}  // namespace itsb::reports::xlsx
