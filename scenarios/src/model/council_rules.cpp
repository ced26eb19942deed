#include "itsb/scenarios/model/council_rules.hpp"

namespace itsb::scenarios {

Rate pwlbMargin(PwlbRateType type) {
    switch (type) {
        case PwlbRateType::Standard: return 0.0100;
        case PwlbRateType::Certainty: return 0.0080;
        case PwlbRateType::LocalInfrastructure: return 0.0060;
        case PwlbRateType::Hra: return 0.0040;
    }
    return 0.0100;
}

std::string jurisdictionTitle(Jurisdiction jurisdiction) {
    switch (jurisdiction) {
        case Jurisdiction::England: return "England";
        case Jurisdiction::Wales: return "Wales";
        case Jurisdiction::Scotland: return "Scotland";
        case Jurisdiction::NorthernIreland: return "Northern Ireland";
    }
    return "England";
}

bool flexibleUseOfCapitalReceipts(Jurisdiction jurisdiction, int fiscalYear) {
    return jurisdiction == Jurisdiction::England && fiscalYear >= 2025 && fiscalYear <= 2029;
}

std::string flexibleUseRule(Jurisdiction jurisdiction) {
    if (jurisdiction == Jurisdiction::England)
        return "in England the Secretary of State's direction on the flexible use of capital receipts "
               "(Local Government Act 2003 s16(2)(b)) covers 2025/26 to 2029/30 only";
    return "itsb applies no flexible-use direction in " + jurisdictionTitle(jurisdiction) +
           " (docs/MODEL.md §10); fund the cost from a grant or reserves";
}

std::string revenueBorrowingRule(Jurisdiction jurisdiction) {
    switch (jurisdiction) {
        case Jurisdiction::England:
            return "in England a council may borrow only for capital expenditure (Local Government Act 2003 s1 and "
                   "s16; Local Authorities (Capital Finance and Accounting) (England) Regulations 2003): the revenue "
                   "costs of service reform may be met from revenue, grants, reserves or, under the flexible use of "
                   "capital receipts (2025/26 to 2029/30), from capital receipts";
        case Jurisdiction::Wales:
            return "in Wales a council may borrow only for capital expenditure (Local Government Act 2003 s1 and s16; "
                   "Local Authorities (Capital Finance and Accounting) (Wales) Regulations 2003): the revenue costs "
                   "of service reform must be met from revenue, grants or reserves";
        case Jurisdiction::Scotland:
            return "in Scotland a council may borrow for capital expenditure only (Local Government in Scotland Act "
                   "2003 Part 7): the revenue costs of service reform must be met from revenue, grants or reserves";
        case Jurisdiction::NorthernIreland:
            return "in Northern Ireland a council may borrow for capital expenditure only (Local Government Finance "
                   "Act (Northern Ireland) 2011 Part 1): the revenue costs of service reform must be met from "
                   "revenue, grants or reserves";
    }
    return {};
}

std::string allRevenuesRule(Jurisdiction jurisdiction) {
    switch (jurisdiction) {
        case Jurisdiction::England:
        case Jurisdiction::Wales:
            return "money a council borrows is charged on all its revenues (Local Government Act 2003 s13)";
        case Jurisdiction::Scotland:
            return "money a council borrows is secured on all its funds, rates and revenues (Local Government "
                   "(Scotland) Act 1975 Schedule 3)";
        case Jurisdiction::NorthernIreland:
            return "money a council borrows is charged on all its revenues (Local Government Finance Act (Northern "
                   "Ireland) 2011 Part 1)";
    }
    return {};
}

std::string mrpTitle(Jurisdiction jurisdiction) {
    return jurisdiction == Jurisdiction::Scotland ? "loans fund repayments" : "MRP";
}

std::string mrpRule(Jurisdiction jurisdiction) {
    switch (jurisdiction) {
        case Jurisdiction::England:
            return "Minimum Revenue Provision (Local Authorities (Capital Finance and Accounting) (England) "
                   "Regulations 2003 reg. 28, as amended from 2025/26: MRP on all capital spending financed by "
                   "borrowing)";
        case Jurisdiction::Wales:
            return "Minimum Revenue Provision (Local Authorities (Capital Finance and Accounting) (Wales) "
                   "Regulations 2003)";
        case Jurisdiction::Scotland:
            return "loans fund repayments (Local Authority (Capital Finance and Accounting) (Scotland) Regulations "
                   "2016), in the place of MRP";
        case Jurisdiction::NorthernIreland:
            return "Minimum Revenue Provision (Local Government (Capital Finance and Accounting) Regulations "
                   "(Northern Ireland) 2011)";
    }
    return {};
}

}  // namespace itsb::scenarios
