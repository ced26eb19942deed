#include "scenario_reader.hpp"

#include "checker.hpp"
#include "input_keys.hpp"
#include "ranges.hpp"

#include "itsb/finance/conventions.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

// The bond block of an input (SPEC §8, §9 "Input rules"): the notional or its sizing rule, the
// term (tenor_years or maturity, a whole number of periods from the issue date), the coupon
// and the amortization, each checked against the others only once they are valid.

namespace itsb::scenarios::detail {

// ---- bond ---- --------------------------------------------------------------------------

void ScenarioReader::readBond(const json& doc) {
    const json* b = check_.required(doc, "", "bond");
    const std::string ptr = "/bond";
    if (b == nullptr || !check_.object(*b, ptr, kBondKeys)) return;
    BondSpec& bond = s_.bond;

    std::optional<NotionalRule> notionalRule;
    std::optional<Money> notionalAmount;
    if (const json* notional = check_.required(*b, ptr, "notional"))
        readNotional(*notional, ptr + "/notional", notionalRule, notionalAmount);
    bond.sizeRounding = orDefault(check_.number(*b, ptr, "size_rounding", aboveUpTo(0, 1e9), 1000.0));

    std::optional<Date> issue = start_;
    if (const json* value = Checker::find(*b, "issue_date")) {
        issue = check_.dateValue(*value, ptr + "/issue_date");
        if (issue && start_ && *issue < *start_)
            check_.add(ptr + "/issue_date", value, "must be on or after start_date " + start_->iso());
    }
    if (issue) bond.issueDate = *issue;

    const auto frequency = check_.choice(*b, ptr, "frequency", kFrequencies, std::nullopt);
    if (frequency) bond.frequency = *frequency;

    const std::optional<int> periods = readTerm(*b, ptr, issue, frequency);
    if (periods) bond.periods = *periods;

    readCoupon(*b, ptr);
    bond.dayCount = orDefault(check_.choice(*b, ptr, "day_count", kDayCounts, DayCount::ActActIcma));
    bond.calendar = orDefault(check_.choice(*b, ptr, "calendar", kCalendars, CalendarKind::UnitedKingdom));
    bond.paymentConvention =
        orDefault(check_.choice(*b, ptr, "payment_convention", kConventions, PaymentConvention::Following));

    const auto interestOnly = check_.smallInteger(*b, ptr, "interest_only_years", {0, kMaxTenor, {}}, 0);
    const auto capitalised = check_.smallInteger(*b, ptr, "capitalised_interest_years", {0, kMaxTenor, {}}, 0);
    bond.interestOnlyYears = orDefault(interestOnly);
    bond.capitalisedInterestYears = orDefault(capitalised);
    std::optional<int> leadingPeriods;  // capitalised and interest-only periods
    if (interestOnly && capitalised && frequency) {
        leadingPeriods = (*interestOnly + *capitalised) * finance::perYear(*frequency);
        if (periods && *leadingPeriods >= *periods) {
            check_.addText(ptr + "/interest_only_years", "",
                           "capitalised_interest_years (" + std::to_string(*capitalised) +
                               ") + interest_only_years (" + std::to_string(*interestOnly) +
                               ") must leave at least one of the bond's " + std::to_string(*periods) + " " +
                               std::string(name(*frequency)) + " periods amortizing");
            leadingPeriods.reset();
        }
    }

    if (const json* amortization = check_.required(*b, ptr, "amortization"))
        readAmortization(*amortization, ptr + "/amortization", periods, leadingPeriods, notionalRule,
                         notionalAmount);

    bond.issuePrice = orDefault(check_.number(*b, ptr, "issue_price", aboveUpTo(0, 200), 100.0));
    if (const json* costs = Checker::find(*b, "issuance_costs")) {
        const std::string costsPtr = ptr + "/issuance_costs";
        if (check_.object(*costs, costsPtr, kIssuanceKeys)) {
            bond.issuanceCostPercent = orDefault(check_.number(*costs, costsPtr, "percent", fromBelow(0, 1), 0.0));
            bond.issuanceCostFixed = orDefault(check_.number(*costs, costsPtr, "fixed", closed(0, kMaxMoney), 0.0));
        }
    }
    bond.annualFees = orDefault(check_.number(*b, ptr, "annual_fees", closed(0, kMaxMoney), 0.0));

    const auto structure = check_.choice(*b, ptr, "structure", kStructures, Structure::GeneralObligation);
    bond.structure = orDefault(structure, Structure::GeneralObligation);
    if (const json* linked = Checker::find(*b, "savings_linked")) {
        const std::string linkedPtr = ptr + "/savings_linked";
        if (structure && *structure != Structure::SavingsLinked) {
            check_.add(linkedPtr, nullptr, "is only allowed with structure \"savings_linked\"");
        } else if (check_.object(*linked, linkedPtr, kSavingsLinkedKeys)) {
            SavingsLinkedTerms& terms = bond.savingsLinked;
            terms.savingsShare = orDefault(check_.number(*linked, linkedPtr, "savings_share", aboveUpTo(0, 1), 1.0));
            terms.councilGuarantee = orDefault(check_.boolean(*linked, linkedPtr, "council_guarantee", false));
            if (Checker::find(*linked, "cap_multiple") != nullptr)
                terms.capMultiple = check_.number(*linked, linkedPtr, "cap_multiple", closed(1, 100), std::nullopt);
        }
    }
    bond.reserveMonths = orDefault(check_.number(*b, ptr, "reserve_months", closed(0, 60), 0.0));
}

void ScenarioReader::readNotional(const json& value, const std::string& ptr, std::optional<NotionalRule>& rule,
                                  std::optional<Money>& amount) {
    NotionalSpec& notional = s_.bond.notional;
    if (value.is_number()) {
        amount = check_.numberValue(value, ptr, aboveUpTo(0, kMaxMoney));
        if (amount) {
            rule = NotionalRule::Fixed;
            notional = {NotionalRule::Fixed, *amount, 0.0, std::nullopt};
        }
        return;
    }
    if (value.is_object()) {
        if (!check_.object(value, ptr, kSizingKeys)) return;
        if (auto target = check_.number(value, ptr, "target_min_dscr", aboveUpTo(0, 100), std::nullopt)) {
            rule = NotionalRule::TargetMinDscr;
            notional = {NotionalRule::TargetMinDscr, 0.0, *target, std::nullopt};
        }
        return;
    }
    if (value.is_string()) {
        for (NotionalRule candidate : {NotionalRule::FundCapitalCosts, NotionalRule::FundOneOffCosts}) {
            if (value.get_ref<const std::string&>() == name(candidate)) {
                rule = candidate;
                notional = {candidate, 0.0, 0.0, std::nullopt};
                return;
            }
        }
    }
    check_.add(ptr, &value,
               "must be a number, \"fund_capital_costs\", \"fund_one_off_costs\" or {\"target_min_dscr\": D}");
}

//! tenor_years or maturity; returns the number of periods when valid.
std::optional<int> ScenarioReader::readTerm(const json& b, const std::string& ptr, std::optional<Date> issue,
                                            std::optional<Frequency> frequency) {
    const json* tenor = Checker::find(b, "tenor_years");
    const json* maturity = Checker::find(b, "maturity");
    if (tenor != nullptr && maturity != nullptr) {
        check_.add(ptr, nullptr, "give tenor_years or maturity, not both");
        return std::nullopt;
    }
    if (tenor == nullptr && maturity == nullptr) {
        check_.add(ptr, nullptr, "tenor_years or maturity is required");
        return std::nullopt;
    }

    const Date lastFinal = Date::maxDate().plusDays(-11);  // room to move the last payment to a business day
    std::optional<int> periods;
    std::optional<Date> finalDate;
    std::string termPtr;
    const json* termValue = nullptr;
    if (tenor != nullptr) {
        termPtr = ptr + "/tenor_years";
        termValue = tenor;
        const auto years = check_.integerValue(*tenor, termPtr, {1, kMaxTenor, {}});
        if (!years) return std::nullopt;
        s_.bond.tenorYears = static_cast<int>(*years);
        if (!frequency || !issue) return std::nullopt;
        periods = static_cast<int>(*years) * finance::perYear(*frequency);
        try {
            finalDate = issue->plusMonths(*periods * finance::monthsPerPeriod(*frequency));
        } catch (const std::out_of_range&) {
        }
        if (!finalDate || *finalDate > lastFinal) {
            check_.add(termPtr, termValue, "must end the bond on or before " + lastFinal.iso());
            return std::nullopt;
        }
    } else {
        termPtr = ptr + "/maturity";
        termValue = maturity;
        const auto date = check_.dateValue(*maturity, termPtr);
        if (!date) return std::nullopt;
        s_.bond.maturity = *date;
        if (!frequency || !issue) return std::nullopt;
        if (*date <= *issue) {
            check_.add(termPtr, maturity, "must be after the issue date " + issue->iso());
            return std::nullopt;
        }
        const int step = finance::monthsPerPeriod(*frequency);
        const int months = (date->year() - issue->year()) * 12 + (date->month() - issue->month());
        if (months % step != 0 || issue->plusMonths(months) != *date) {
            check_.add(termPtr, maturity,
                       "must be a whole number of " + std::string(name(*frequency)) +
                           " periods after the issue date " + issue->iso());
            return std::nullopt;
        }
        if (months / step > kMaxTenor * finance::perYear(*frequency)) {
            check_.add(termPtr, maturity, "must be at most 100 years after the issue date " + issue->iso());
            return std::nullopt;
        }
        if (*date > lastFinal) {
            check_.add(termPtr, maturity, "must be on or before " + lastFinal.iso());
            return std::nullopt;
        }
        periods = months / step;
        finalDate = *date;
    }

    if (horizonEnd_ && *finalDate > *horizonEnd_)
        check_.add("/horizon_years", horizonValue_, "must reach the bond's final payment on " + finalDate->iso());
    return periods;
}

void ScenarioReader::readCoupon(const json& b, const std::string& ptr) {
    const json* coupon = check_.required(b, ptr, "coupon");
    if (coupon == nullptr) return;
    const std::string couponPtr = ptr + "/coupon";
    CouponSpec& spec = s_.bond.coupon;
    if (coupon->is_number()) {
        spec.rate = orDefault(check_.numberValue(*coupon, couponPtr, closed(-0.05, 1)));
        return;
    }
    if (coupon->is_object()) {
        check_.unknownKeys(*coupon, couponPtr, kCouponKeys);
        const auto gilt = check_.number(*coupon, couponPtr, "gilt_yield", closed(-0.05, 1), std::nullopt);
        const auto margin = check_.number(*coupon, couponPtr, "margin", closed(-0.05, 1), std::nullopt);
        spec.fromGilt = true;
        spec.giltYield = orDefault(gilt);
        spec.margin = orDefault(margin);
        spec.rate = spec.giltYield + spec.margin;
        if (gilt && margin && !closed(-0.05, 1).contains(spec.rate))
            check_.addText(couponPtr, formatSum(spec.rate), "gilt_yield + margin must be between -0.05 and 1");
        return;
    }
    check_.add(couponPtr, coupon, "must be a number or {\"gilt_yield\": G, \"margin\": M}");
}

void ScenarioReader::readAmortization(const json& value, const std::string& ptr, std::optional<int> periods,
                                      std::optional<int> leadingPeriods, std::optional<NotionalRule> notionalRule,
                                      std::optional<Money> notionalAmount) {
    BondSpec& bond = s_.bond;
    const std::string rule =
        "must be \"bullet\", \"annuity\", \"level_principal\", \"sculpted\", {\"custom\": [amounts]} or "
        "{\"custom_fractions\": [fractions]}";
    if (value.is_string()) {
        for (AmortizationType type : kAmortizations) {
            if (name(type) == value.get_ref<const std::string&>()) {
                bond.amortization = type;
                return;
            }
        }
        check_.add(ptr, &value, rule);
        return;
    }
    if (!value.is_object()) {
        check_.add(ptr, &value, rule);
        return;
    }
    const std::size_t unknown = check_.unknownKeys(value, ptr, kCustomKeys);
    const json* amounts = Checker::find(value, "custom");
    const json* fractions = Checker::find(value, "custom_fractions");
    if (amounts != nullptr && fractions != nullptr) {
        check_.add(ptr, nullptr, "give custom or custom_fractions, not both");
        return;
    }
    if (amounts == nullptr && fractions == nullptr) {
        if (unknown == 0) check_.add(ptr, &value, rule);
        return;
    }
    const bool byAmount = amounts != nullptr;
    bond.amortization = byAmount ? AmortizationType::Custom : AmortizationType::CustomFractions;
    const std::string listPtr = ptr + (byAmount ? "/custom" : "/custom_fractions");
    const json& list = byAmount ? *amounts : *fractions;
    if (!check_.array(list, listPtr)) return;
    auto entries = check_.numbers(list, listPtr, atLeast(0));
    if (!entries) return;
    bond.custom = *entries;

    if (periods) {
        if (static_cast<int>(entries->size()) != *periods) {
            check_.addText(listPtr, "",
                           "must have one entry per period (" + std::to_string(*periods) + "), has " +
                               std::to_string(entries->size()));
            return;
        }
        if (leadingPeriods)
            for (int j = 0; j < *leadingPeriods; ++j)
                if ((*entries)[j] != 0.0)
                    check_.add(childPointer(listPtr, static_cast<std::size_t>(j)), &list.at(j),
                               "must be 0 in a capitalised or interest-only period");
    }

    double sum = 0.0;
    for (double x : *entries) sum += x;
    if (byAmount) {
        if (notionalRule && *notionalRule != NotionalRule::Fixed) {
            check_.add(ptr, nullptr,
                       "custom amounts need a numeric notional (custom_fractions work with a sized one)");
        } else if (notionalAmount &&
                   std::abs(sum - *notionalAmount) > kShareTolerance * *notionalAmount) {
            check_.addText(listPtr, formatSum(sum), "must sum to the notional " + formatSum(*notionalAmount));
        }
    } else if (std::abs(sum - 1.0) > kShareTolerance) {
        check_.addText(listPtr, formatSum(sum), "must sum to 1");
    }
}

}  // namespace itsb::scenarios::detail
