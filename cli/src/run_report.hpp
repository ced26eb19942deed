#pragma once
// The `run` / `schedule` report as a Document (text, Markdown, HTML), and the parts of it the
// other commands' rich reports reuse: the key figures of an evaluation and its conventions.

#include "document.hpp"
#include "itsb/cli/reports.hpp"
#include "itsb/scenarios/evaluation.hpp"

#include <functional>
#include <string>
#include <vector>

namespace itsb::cli {

//! Assumptions, conventions, schedule, annual tables, metrics, partners and warnings; for HTML
//! also the key figures and the charts.
Document runDocument(const scenarios::Evaluation& evaluation, ReportScope scope);

//! Where a figure sits in a command's JSON output (a JSON pointer), or "" when it is not there.
using FigureSource = std::function<std::string(const std::string& key)>;

//! Notional, coupon, investor yield, project IRR, project NPV, NPV after financing, minimum
//! DSCR and break-even year of an evaluation, as cards.
std::vector<KeyFigure> headlineFigures(const scenarios::Evaluation& evaluation, const FigureSource& source);

//! The conventions an evaluation used, as a section (Markdown and HTML only when `richOnly`).
Section conventionsSection(const scenarios::Evaluation& evaluation, bool richOnly);

//! "£m" for GBP: the unit of an axis of amounts in millions.
std::string millionsUnit(const std::string& currency);

}  // namespace itsb::cli
