#pragma once
// The parts of the `run` report the other commands' rich reports reuse: the key figures of an
// evaluation and its conventions.

#include "itsb/reports/document.hpp"
#include "itsb/reports/run_report.hpp"
#include "itsb/scenarios/model/evaluation.hpp"

#include <functional>
#include <string>
#include <vector>

namespace itsb::reports {

//! Where a figure sits in a command's JSON output (a JSON pointer), or "" when it is not there.
using FigureSource = std::function<std::string(const std::string& key)>;

//! Notional, coupon, investor yield, project IRR, project NPV, NPV after financing, minimum
//! DSCR and break-even year of an evaluation, as cards.
std::vector<KeyFigure> headlineFigures(const scenarios::Evaluation& evaluation, const FigureSource& source);

//! The conventions an evaluation used, as a section (Markdown and HTML only when `richOnly`).
Section conventionsSection(const scenarios::Evaluation& evaluation, bool richOnly);

//! "£m" for GBP: the unit of an axis of amounts in millions.
std::string millionsUnit(const std::string& currency);

}  // namespace itsb::reports
