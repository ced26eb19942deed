#include "itsb/finance/capital_finance.hpp"

#include "itsb/finance/powers.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace itsb::finance {

int fiscalYearOf(Date date) { return date.month() >= 4 ? date.year() : date.year() - 1; }

Date fiscalYearStart(int fiscalYear) { return Date::fromYmd(fiscalYear, 4, 1); }

std::string fiscalYearLabel(int fiscalYear) {
    char text[16];
    std::snprintf(text, sizeof text, "%d/%02d", fiscalYear, (fiscalYear + 1) % 100);
    return text;
}

std::vector<FiscalShare> splitByFiscalYear(Date start, Date end, Money amount, const Rounding& round) {
    if (!(start < end)) throw std::invalid_argument("an accrual period must end after it starts");
    const double total = daysBetween(start, end);
    const Money whole = round(amount);
    std::vector<FiscalShare> parts;
    Money given = 0.0;
    for (Date from = start; from < end;) {
        const int year = fiscalYearOf(from);
        const Date next = fiscalYearStart(year + 1);
        const Date to = next < end ? next : end;
        const int days = daysBetween(from, to);
        if (to == end) {
            parts.push_back({year, round(whole - given), days});  // the remainder: the parts sum to the whole
        } else {
            const Money part = round(whole * days / total);
            parts.push_back({year, part, days});
            given = round(given + part);
        }
        from = to;
    }
    return parts;
}

std::vector<Money> interestAccruedByFiscalYear(const Schedule& schedule, int firstFiscalYear, std::size_t years,
                                               const Rounding& round) {
    return interestAccrual(schedule, firstFiscalYear, years, round).byYear;
}

InterestAccrual interestAccrual(const Schedule& schedule, int firstFiscalYear, std::size_t years, const Rounding& round) {
    InterestAccrual out;
    out.byYear.assign(years, 0.0);
    for (const auto& row : schedule.rows) {
        auto parts = splitByFiscalYear(row.accrualStart, row.accrualEnd, row.interest, round);
        for (const auto& part : parts) {
            const int index = part.fiscalYear - firstFiscalYear;
            if (index < 0 || static_cast<std::size_t>(index) >= years)
                throw std::invalid_argument("interest accrues in " + fiscalYearLabel(part.fiscalYear) +
                                            ", outside the financial years " + fiscalYearLabel(firstFiscalYear) +
                                            " onwards for " + std::to_string(years) + " years");
            Money& year = out.byYear[static_cast<std::size_t>(index)];
            year = round(year + part.amount);
        }
        out.periods.push_back(std::move(parts));
    }
    return out;
}

std::vector<Money> assetLifeMrp(Money amount, int lifeYears, MrpMethod method, Rate rate, const Rounding& round) {
    return assetLifeProvision(amount, lifeYears, method, rate, round).years;
}

AssetLifeProvision assetLifeProvision(Money amount, int lifeYears, MrpMethod method, Rate rate, const Rounding& round) {
    if (method == MrpMethod::CfrFourPercent)
        throw std::invalid_argument("4 % of the CFR is not an asset-life method: see cfrAtFourPercent");
    if (lifeYears < 1) throw std::invalid_argument("an asset life must be at least one year");
    if (!(std::isfinite(amount) && amount >= 0.0)) throw std::invalid_argument("MRP needs a finite amount of at least 0");
    if (!(std::isfinite(rate) && rate > -1.0)) throw std::invalid_argument("an annuity rate must be above -100 %");
    const auto years = static_cast<std::size_t>(lifeYears);
    const Money whole = round(amount);
    // Each year's unrounded provision: A / L, or the annuity's A r / ((1 + r)^L - 1) (1 + r)^(t-1),
    // whose years sum to A (a geometric series).
    std::vector<double> growth(years + 1);
    integerPowers(1.0 + rate, growth);
    const bool annuity = method == MrpMethod::AssetLifeAnnuity && rate != 0.0;
    AssetLifeProvision out;
    const double first = annuity ? whole * rate / (growth[years] - 1.0) : whole / lifeYears;
    out.first = first;
    std::vector<Money>& mrp = out.years;
    mrp.resize(years);
    Money given = 0.0;
    for (std::size_t t = 0; t + 1 < years; ++t) {
        mrp[t] = round(annuity ? first * growth[t] : first);
        given = round(given + mrp[t]);
    }
    mrp[years - 1] = round(whole - given);
    return out;
}

std::vector<CfrYear> rollForwardCfr(std::span<const Money> borrowing, std::span<const Money> mrp, const Rounding& round) {
    if (borrowing.size() != mrp.size()) throw std::invalid_argument("the CFR needs borrowing and MRP for the same years");
    std::vector<CfrYear> cfr(borrowing.size());
    Money opening = 0.0;
    for (std::size_t y = 0; y < cfr.size(); ++y) {
        cfr[y] = {opening, borrowing[y], mrp[y], round(opening + borrowing[y] - mrp[y])};
        opening = cfr[y].closing;
    }
    return cfr;
}

std::vector<CfrYear> cfrAtFourPercent(std::span<const Money> borrowing, const Rounding& round) {
    std::vector<CfrYear> cfr(borrowing.size());
    Money opening = 0.0;
    for (std::size_t y = 0; y < cfr.size(); ++y) {
        const Money mrp = round(0.04 * opening);
        cfr[y] = {opening, borrowing[y], mrp, round(opening + borrowing[y] - mrp)};
        opening = cfr[y].closing;
    }
    return cfr;
}

std::vector<CfrYear> borrowedCfr(std::span<const BorrowedSpend> spends, std::size_t years, MrpMethod method,
                                 Rate annuityRate, MrpStart start, const Rounding& round) {
    return borrowedCfrBySpend(spends, years, method, annuityRate, start, round).years;
}

BorrowedCfr borrowedCfrBySpend(std::span<const BorrowedSpend> spends, std::size_t years, MrpMethod method,
                               Rate annuityRate, MrpStart start, const Rounding& round) {
    std::vector<Money> borrowing(years, 0.0), mrp(years, 0.0);
    for (const auto& spend : spends) {
        if (spend.year >= years) throw std::invalid_argument("capital spending falls beyond the years given");
        borrowing[spend.year] = round(borrowing[spend.year] + spend.amount);
    }
    if (method == MrpMethod::CfrFourPercent) {
        if (start == MrpStart::SameYear)
            throw std::invalid_argument("4 % of the opening CFR first provides for spending the year after it");
        return {cfrAtFourPercent(borrowing, round), {}};
    }
    BorrowedCfr out;
    for (const auto& spend : spends) {
        const auto provision = assetLifeProvision(spend.amount, spend.lifeYears, method, annuityRate, round);
        SpendMrp own{provision.first, std::vector<Money>(years, 0.0)};
        const std::size_t first = firstMrpYear(spend.year, start);
        for (std::size_t t = 0; t < provision.years.size() && first + t < years; ++t) {
            own.byYear[first + t] = provision.years[t];
            mrp[first + t] = round(mrp[first + t] + provision.years[t]);
        }
        out.spends.push_back(std::move(own));
    }
    out.years = rollForwardCfr(borrowing, mrp, round);
    return out;
}

}  // namespace itsb::finance
