#pragma once
// Private to scenarios/src: the reader of a version-1 input file (SPEC §8, §9 "Input rules").
// reader.cpp reads the header, the programme, the partners, discounting, rounding and the
// uncertainty block; reader_bond.cpp reads the bond block.

#include "checker.hpp"

#include "itsb/scenarios/model/scenario.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace itsb::scenarios::detail {

using finance::AmortizationType;
using finance::CalendarKind;
using finance::DayCount;
using finance::DiscountMethod;
using finance::Frequency;
using finance::PaymentConvention;
using finance::RoundingMode;

inline constexpr double kMaxMoney = 1e12;
inline constexpr double kShareTolerance = 1e-9;
inline constexpr std::int64_t kMaxHorizon = 300;
inline constexpr std::int64_t kMaxTenor = 100;
inline constexpr std::int64_t kMaxServiceLines = 50;
inline constexpr std::int64_t kMaxDiscreteValues = 1000;
// Limits that protect the machine from a hostile or mistaken file (docs/SECURITY.md).
inline constexpr std::int64_t kMaxCostItems = 1000;     // one-off and running costs, each
inline constexpr std::int64_t kMaxPartners = 100;
inline constexpr std::int64_t kMaxCurvePoints = 1000;
inline constexpr std::int64_t kMaxPaths = 10000000;     // 56 bytes a path: at most about 600 MB
inline constexpr std::int64_t kMaxSeed = std::int64_t{1} << 53;

//! A computed value (a sum) as a problem's value: 12 significant digits, so 0.1 + 0.2 reads 0.3.
std::string formatSum(double x);

template <typename T>
T orDefault(const std::optional<T>& value, T fallback = T{}) {
    return value ? *value : fallback;
}

//! Reads a parsed document into `scenario`, every problem into `check`. A check that depends
//! on another value (a ramp's delay on the horizon, a maturity on the issue date) runs only
//! when that value is valid.
class ScenarioReader {
  public:
    using json = nlohmann::json;

    ScenarioReader(Checker& check, Scenario& scenario) : check_(check), s_(scenario) {}

    void read(const json& document);

  private:
    Checker& check_;
    Scenario& s_;
    // What later checks depend on, set only when valid.
    std::optional<Date> start_;
    std::optional<int> horizon_;
    std::optional<Date> horizonEnd_;
    const json* horizonValue_ = nullptr;
    std::optional<Rate> expenditureGrowth_;
    //! Keys outside council_finance that only it gives a meaning to (a cost's asset life, a
    //! partner's net revenue stream and tax base): an error when the block is absent.
    std::vector<std::pair<std::string, const json*>> needCouncilFinance_;

    IntRange yearRange(std::int64_t lo) const;
    void readHeader(const json& doc);
    void readProgramme(const json& doc);
    //! Returns the addressable share when valid.
    std::optional<double> readServiceLine(const json& value, const std::string& ptr, std::size_t index);
    Ramp readRamp(const json& value, const std::string& ptr);
    void readOneOffCost(const json& value, const std::string& ptr, std::size_t index);
    void readRunningCost(const json& value, const std::string& ptr, std::size_t index);
    void readPartners(const json& doc);
    void readBond(const json& doc);
    void readNotional(const json& value, const std::string& ptr, std::optional<NotionalRule>& rule,
                      std::optional<Money>& amount);
    //! tenor_years or maturity; returns the number of periods when valid.
    std::optional<int> readTerm(const json& b, const std::string& ptr, std::optional<Date> issue,
                                std::optional<Frequency> frequency);
    void readCoupon(const json& b, const std::string& ptr);
    void readAmortization(const json& value, const std::string& ptr, std::optional<int> periods,
                          std::optional<int> leadingPeriods, std::optional<NotionalRule> notionalRule,
                          std::optional<Money> notionalAmount);
    //! council_finance (reader_council.cpp), read last: it names one-off costs and partners.
    void readCouncilFinance(const json& doc);
    std::optional<RevenueStream> readRevenueStream(const json& value, const std::string& ptr);
    void readFunding(const json& list, const std::string& ptr, CouncilFinance& out);
    void readDiscounting(const json& doc);
    void readRounding(const json& doc);
    void readUncertainty(const json& doc);
    static Distribution fixedAt(double value);
    void readDistribution(const json& parent, const std::string& parentPtr, std::string_view key, bool factor,
                          Distribution& out);
    void readDiscrete(const json& value, const std::string& ptr, Distribution& d);
};

}  // namespace itsb::scenarios::detail
