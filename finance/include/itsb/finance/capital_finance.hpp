#pragma once
// How a council's revenue budget bears its borrowing, as the capital finance regulations see it:
// interest is charged as it accrues, by financial year (1 April to 31 March), and capital
// spending financed by borrowing adds to the capital financing requirement (CFR), which the
// Minimum Revenue Provision (MRP) charges to revenue year by year. Pure arithmetic on amounts and
// dates: which costs are borrowed, and the jurisdiction's rules, belong to the scenario.

#include "itsb/finance/date.hpp"
#include "itsb/finance/rounding.hpp"
#include "itsb/finance/schedule.hpp"
#include "itsb/finance/types.hpp"

#include <span>
#include <string>
#include <vector>

namespace itsb::finance {

//! The financial year `date` falls in, named by the calendar year it starts in: 2026 for
//! 1 April 2026 to 31 March 2027 (2026/27).
int fiscalYearOf(Date date);

//! 1 April of a financial year.
Date fiscalYearStart(int fiscalYear);

//! "2026/27".
std::string fiscalYearLabel(int fiscalYear);

struct FiscalShare {
    int fiscalYear = 0;
    Money amount = 0.0;
    int days = 0;  //!< the days of the period in this financial year
};

//! An amount that accrues evenly by day over [start, end) (a coupon period's interest), split
//! across the financial years the period covers in proportion to their days: each part
//! rounded, the last taking the remainder, so the parts sum to the rounded amount exactly.
//! One part when the period lies within one year. Throws std::invalid_argument unless
//! start < end.
std::vector<FiscalShare> splitByFiscalYear(Date start, Date end, Money amount, const Rounding& round);

//! A schedule's interest (paid or capitalised) as the revenue budget accrues it: each period's
//! interest split by days across the financial years of its accrual period (splitByFiscalYear),
//! summed per year. out[i] is financial year firstFiscalYear + i, for `years` years. Throws
//! std::invalid_argument when some interest accrues outside those years.
std::vector<Money> interestAccruedByFiscalYear(const Schedule& schedule, int firstFiscalYear, std::size_t years,
                                               const Rounding& round);

//! interestAccruedByFiscalYear with the parts it adds up: each schedule period's split.
struct InterestAccrual {
    std::vector<Money> byYear;                      //!< interestAccruedByFiscalYear's
    std::vector<std::vector<FiscalShare>> periods;  //!< each row's splitByFiscalYear, in schedule order
};

//! As interestAccruedByFiscalYear (it throws alike), keeping each period's parts.
InterestAccrual interestAccrual(const Schedule& schedule, int firstFiscalYear, std::size_t years, const Rounding& round);

enum class MrpMethod {
    AssetLifeStraightLine,  //!< A / L each year
    AssetLifeAnnuity,       //!< A r / ((1 + r)^L - 1) x (1 + r)^(t - 1), t = 1..L: rising like a loan's principal
    CfrFourPercent,         //!< 4 % of the opening CFR each year (the regulations' default method)
};

//! MRP on `amount` of capital spending financed by borrowing over an asset life of `lifeYears`
//! (t = 1..L), by straight line or by annuity at `rate` (at a rate of 0 the annuity is the
//! straight line). Each year is rounded; the last takes the remainder, so the years sum to the
//! rounded amount exactly. Throws std::invalid_argument for CfrFourPercent (it depends on the
//! whole CFR, see cfrAtFourPercent), a life below 1, a rate of -100 % or less, or an amount
//! that is negative or not finite.
std::vector<Money> assetLifeMrp(Money amount, int lifeYears, MrpMethod method, Rate rate, const Rounding& round);

//! assetLifeMrp with the first year's provision before rounding, from which the others follow.
struct AssetLifeProvision {
    double first = 0.0;        //!< A / L, or A r / ((1 + r)^L - 1) (A the rounded amount)
    std::vector<Money> years;  //!< assetLifeMrp's, t = 1..L
};

//! As assetLifeMrp (it throws alike), keeping the first year's provision before rounding.
AssetLifeProvision assetLifeProvision(Money amount, int lifeYears, MrpMethod method, Rate rate, const Rounding& round);

//! One financial year of the capital financing requirement.
struct CfrYear {
    Money opening = 0.0;    //!< the previous year's closing (0 in the first)
    Money borrowing = 0.0;  //!< capital spending financed by borrowing in the year
    Money mrp = 0.0;        //!< provision charged to revenue in the year
    Money closing = 0.0;    //!< opening + borrowing - mrp
};

//! The CFR rolled forward over the years given: closing = opening + borrowing - mrp, each
//! rounded, the next year opening at this one's closing. The spans must have one length.
std::vector<CfrYear> rollForwardCfr(std::span<const Money> borrowing, std::span<const Money> mrp, const Rounding& round);

//! The CFR with MRP at 4 % of each year's opening CFR (rounded): spending in a year adds to its
//! closing CFR and so is first provided for the year after.
std::vector<CfrYear> cfrAtFourPercent(std::span<const Money> borrowing, const Rounding& round);

//! One capital cost financed by borrowing: spent in table year `year`, provided for over its
//! asset life.
struct BorrowedSpend {
    std::size_t year = 0;
    Money amount = 0.0;
    int lifeYears = 1;  //!< ignored by CfrFourPercent
};

//! When asset-life MRP on a cost begins: in the year after the spend (the usual practice) or in
//! the year of the spend.
enum class MrpStart { YearAfter, SameYear };

//! The table year of the first asset-life provision on spending in table year `spendYear`.
inline std::size_t firstMrpYear(std::size_t spendYear, MrpStart start) {
    return spendYear + (start == MrpStart::YearAfter ? 1 : 0);
}

//! The CFR and its MRP over `years` table years for the costs given. Asset-life methods provide
//! for each cost over its own life from the year `start` says (what would fall beyond the table
//! is not provided for within it, and the CFR closes above 0); CfrFourPercent provides 4 % of
//! each year's opening CFR, so spending is first provided for the year after (it throws
//! std::invalid_argument with MrpStart::SameYear). Each year's MRP and CFR are rounded.
std::vector<CfrYear> borrowedCfr(std::span<const BorrowedSpend> spends, std::size_t years, MrpMethod method,
                                 Rate annuityRate, MrpStart start, const Rounding& round);

//! One spend's asset-life MRP within the table.
struct SpendMrp {
    double firstProvision = 0.0;  //!< AssetLifeProvision::first
    //! Its provision in each table year: 0 before firstMrpYear and after its life; what falls
    //! beyond the table is left out.
    std::vector<Money> byYear;
};

//! borrowedCfr with each spend's part of the MRP.
struct BorrowedCfr {
    std::vector<CfrYear> years;    //!< borrowedCfr's
    std::vector<SpendMrp> spends;  //!< asset-life methods: one per spend, in order; CfrFourPercent: none
};

//! As borrowedCfr (it throws alike), keeping each spend's provisions: a year's MRP is their sum,
//! added in spend order, each sum rounded.
BorrowedCfr borrowedCfrBySpend(std::span<const BorrowedSpend> spends, std::size_t years, MrpMethod method,
                               Rate annuityRate, MrpStart start, const Rounding& round);

}  // namespace itsb::finance
