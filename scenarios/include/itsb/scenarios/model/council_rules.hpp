#pragma once
// What each UK jurisdiction's capital finance rules say about a council's borrowing, as the
// revenue-budget view applies them (docs/MODEL.md §10 states each with its source). Facts,
// not wording: the reader's errors and the reports' warnings quote them.

#include "itsb/scenarios/model/scenario.hpp"

#include <string>

namespace itsb::scenarios {

//! "England", "Wales", "Scotland", "Northern Ireland".
std::string jurisdictionTitle(Jurisdiction jurisdiction);

//! Whether capital receipts may fund a revenue cost in the financial year starting 1 April of
//! `fiscalYear`: in England under the direction for 2025/26 to 2029/30; elsewhere itsb applies
//! no direction.
bool flexibleUseOfCapitalReceipts(Jurisdiction jurisdiction, int fiscalYear);
//! The rule that decides it, with its source.
std::string flexibleUseRule(Jurisdiction jurisdiction);

//! Why a council may not borrow for a revenue cost, with the legislation that says so.
std::string revenueBorrowingRule(Jurisdiction jurisdiction);

//! That a council's borrowing is charged on all its revenues, with the legislation.
std::string allRevenuesRule(Jurisdiction jurisdiction);

//! What the revenue budget's provision for repaying borrowing is called: "MRP" (Minimum Revenue
//! Provision), or in Scotland "loans fund repayments", with the regulations that require it.
std::string mrpTitle(Jurisdiction jurisdiction);
std::string mrpRule(Jurisdiction jurisdiction);

}  // namespace itsb::scenarios
