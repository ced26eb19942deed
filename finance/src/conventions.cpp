#include "itsb/finance/conventions.hpp"
#include "itsb/finance/discounting.hpp"
#include "itsb/finance/rounding.hpp"
#include "itsb/finance/schedule.hpp"

#include <array>
#include <utility>

// Input spellings of every enum, each table the single place a spelling is written.

namespace itsb::finance {

namespace {

template <typename E, std::size_t N>
std::string_view lookupName(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [e, text] : table)
        if (e == value) return text;
    return "?";
}

template <typename E, std::size_t N>
std::optional<E> lookupValue(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) {
    for (const auto& [e, t] : table)
        if (t == text) return e;
    return std::nullopt;
}

constexpr std::array<std::pair<Frequency, std::string_view>, 4> kFrequencies{{
    {Frequency::Annual, "annual"},
    {Frequency::Semiannual, "semiannual"},
    {Frequency::Quarterly, "quarterly"},
    {Frequency::Monthly, "monthly"},
}};
constexpr std::array<std::pair<DayCount, std::string_view>, 4> kDayCounts{{
    {DayCount::ActActIcma, "ACT/ACT(ICMA)"},
    {DayCount::Act365Fixed, "ACT/365F"},
    {DayCount::Act360, "ACT/360"},
    {DayCount::Thirty360BondBasis, "30/360"},
}};
constexpr std::array<std::pair<CalendarKind, std::string_view>, 3> kCalendars{{
    {CalendarKind::UnitedKingdom, "UnitedKingdom"},
    {CalendarKind::Target, "TARGET"},
    {CalendarKind::Null, "NullCalendar"},
}};
constexpr std::array<std::pair<PaymentConvention, std::string_view>, 2> kConventions{{
    {PaymentConvention::Following, "following"},
    {PaymentConvention::ModifiedFollowing, "modified_following"},
}};
constexpr std::array<std::pair<RoundingMode, std::string_view>, 2> kRoundingModes{{
    {RoundingMode::HalfUp, "half_up"},
    {RoundingMode::HalfEven, "half_even"},
}};
constexpr std::array<std::pair<DiscountMethod, std::string_view>, 3> kDiscountMethods{{
    {DiscountMethod::GreenBook, "green_book"},
    {DiscountMethod::Flat, "flat"},
    {DiscountMethod::Curve, "curve"},
}};
constexpr std::array<std::pair<AmortizationType, std::string_view>, 6> kAmortizations{{
    {AmortizationType::Bullet, "bullet"},
    {AmortizationType::Annuity, "annuity"},
    {AmortizationType::LevelPrincipal, "level_principal"},
    {AmortizationType::Sculpted, "sculpted"},
    {AmortizationType::Custom, "custom"},
    {AmortizationType::CustomFractions, "custom_fractions"},
}};
constexpr std::array<std::pair<PeriodKind, std::string_view>, 3> kPeriodKinds{{
    {PeriodKind::Capitalised, "capitalised"},
    {PeriodKind::InterestOnly, "interest_only"},
    {PeriodKind::Amortizing, "amortizing"},
}};

}  // namespace

std::string_view name(Frequency f) { return lookupName(kFrequencies, f); }
std::string_view name(DayCount d) { return lookupName(kDayCounts, d); }
std::string_view name(CalendarKind c) { return lookupName(kCalendars, c); }
std::string_view name(PaymentConvention p) { return lookupName(kConventions, p); }
std::string_view name(RoundingMode m) { return lookupName(kRoundingModes, m); }
std::string_view name(DiscountMethod m) { return lookupName(kDiscountMethods, m); }
std::string_view name(AmortizationType a) { return lookupName(kAmortizations, a); }
std::string_view name(PeriodKind k) { return lookupName(kPeriodKinds, k); }

std::optional<Frequency> parseFrequency(std::string_view t) { return lookupValue(kFrequencies, t); }
std::optional<DayCount> parseDayCount(std::string_view t) { return lookupValue(kDayCounts, t); }
std::optional<CalendarKind> parseCalendar(std::string_view t) { return lookupValue(kCalendars, t); }
std::optional<PaymentConvention> parsePaymentConvention(std::string_view t) { return lookupValue(kConventions, t); }
std::optional<RoundingMode> parseRoundingMode(std::string_view t) { return lookupValue(kRoundingModes, t); }
std::optional<DiscountMethod> parseDiscountMethod(std::string_view t) { return lookupValue(kDiscountMethods, t); }
std::optional<AmortizationType> parseAmortization(std::string_view t) {
    auto a = lookupValue(kAmortizations, t);
    if (a == AmortizationType::Custom || a == AmortizationType::CustomFractions) return std::nullopt;
    return a;
}

}  // namespace itsb::finance
