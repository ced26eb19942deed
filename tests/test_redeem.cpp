// Early repayment (`itsb redeem`, SPEC §6 and §9): the DMO's premature repayment formula for
// maturity, annuity and EIP loans, checked against the DMO's published worked example and
// against closed forms evaluated by hand (the arithmetic is written beside each number), then
// end to end through the command line, including its usage and input errors.
//
// Notation: i_l = coupon / f, i_d = repayment rate / f, t = D f / 365, v = 1 / (1 + i_d),
// a_n = (1 - v^n) / i_d, AF_l(n) = i_l / (1 - (1 + i_l)^-n), X = (1 + i_d t) PV_d - (1 + i_l t).

#include "cli_harness.hpp"
#include "itsb/finance/early_repayment.hpp"
#include "itsb/scenarios/engine/redemption.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

using namespace itsb;
using namespace itsb::test;
using finance::LoanType;

namespace {

bool nearMoney(double a, double b) { return std::abs(a - b) < 0.005; }
bool near(double a, double b, double tolerance) { return std::abs(a - b) < tolerance; }

finance::EarlyRepaymentTerms terms(LoanType type, double loanRate, double repaymentRate, int days,
                                   finance::RemainingInstalments remaining) {
    finance::EarlyRepaymentTerms t;
    t.loanType = type;
    t.loanRate = loanRate;
    t.repaymentRate = repaymentRate;
    t.frequency = finance::Frequency::Semiannual;
    t.daysSinceLastInstalment = days;
    t.remaining = remaining;
    return t;
}

finance::Date date(const char* iso) { return *finance::Date::fromIso(iso); }

scenarios::Scenario exampleScenario(const std::string& name, const std::vector<scenarios::Override>& overrides = {}) {
    return scenarios::readScenario(readFile(sourcePath("examples/" + name + ".json")), overrides);
}

const std::string kMaturityExample = sourcePath("examples/redeem_maturity_loan.json").string();

}  // namespace

TEST_CASE("redeem: the DMO's worked example, a maturity loan repaid at a discount") {
    // The DMO's published PWLB example (the formula is docs/MODEL.md §4.6): a maturity loan
    // of 12m at 8 3/8 %, repaid at 11 1/2 % with N = 6 half-years left and D = 14 days since the
    // last instalment: factor -0.0765833734, a discount of 919,000.48.
    // Closed form: i_l = 0.041875, i_d = 0.0575, a_6 = 4.956186684, v^6 = 0.715019266,
    // PV_d = i_l a_6 + v^6 = 0.922559583, X = (1 + 0.0575 x 14/182.5) x 0.922559583
    // - (1 + 0.041875 x 14/182.5) = -0.07658337329 (the DMO prints the tenth digit as 4).
    const auto t = terms(LoanType::Maturity, 0.08375, 0.115, 14, {0, 0, 6});
    CHECK(near(finance::annuityCertain(0.0575, 6), 4.956186684, 1e-9));
    CHECK(near(finance::remainingInstalmentsValue(LoanType::Maturity, 0.041875, 0.0575, {0, 0, 6}), 0.922559583, 1e-9));
    CHECK(near(finance::earlyRepaymentFactor(t), -0.0765833734, 1e-9));

    const auto r = finance::earlyRepayment(12000000.0, t, finance::Rounding{});
    CHECK(r.outstanding == 12000000.0);
    CHECK(nearMoney(r.premium, -919000.48));
    // Accrued interest 12m x 0.041875 x 14 / 182.5 = 38,547.945 -> 38,547.95.
    CHECK(nearMoney(r.accruedInterest, 38547.95));
    // Total 12,000,000 + 38,547.95 - 919,000.48.
    CHECK(nearMoney(r.totalToPay, 11119547.47));
}

TEST_CASE("redeem: annuity and EIP loans equal their closed forms worked by hand") {
    // A half-yearly loan at 5 % (i_l = 0.025) repaid at 4 % (i_d = 0.02), D = 30, t = 30/182.5.
    // a_10 at 2 % = (1 - 1.02^-10) / 0.02 = 8.982585006; AF_l(10) = 0.025 / (1 - 1.025^-10) = 0.114258763.
    const double tFactor = 30.0 / 182.5;
    auto dmo = [&](double pv) { return (1.0 + 0.02 * tFactor) * pv - (1.0 + 0.025 * tFactor); };

    SUBCASE("annuity, 10 instalments left") {
        // PV_d = AF_l(10) a_10 = 0.114258763 x 8.982585006 = 1.026339053; X = 0.025603729.
        const auto t = terms(LoanType::Annuity, 0.05, 0.04, 30, {0, 0, 10});
        CHECK(near(finance::annuityFactor(0.025, 10), 0.1142587632, 1e-10));
        CHECK(near(finance::remainingInstalmentsValue(LoanType::Annuity, 0.025, 0.02, {0, 0, 10}), 1.0263390529, 1e-10));
        CHECK(near(finance::earlyRepaymentFactor(t), 0.0256037293, 1e-10));
        CHECK(near(finance::earlyRepaymentFactor(t), dmo(1.0263390529467675), 1e-12));
        // 1,000,000 x 0.0256037293 = 25,603.73; accrued 1,000,000 x 0.025 x 30/182.5 = 4,109.59.
        const auto r = finance::earlyRepayment(1000000.0, t, finance::Rounding{});
        CHECK(nearMoney(r.premium, 25603.73));
        CHECK(nearMoney(r.accruedInterest, 4109.59));
        CHECK(nearMoney(r.totalToPay, 1029713.32));
    }
    SUBCASE("EIP, 10 instalments left") {
        // PV_d = a_10 / 10 + i_l (10 - a_10) / (10 i_d) = 0.898258501 + 0.025 x 1.017414994 / 0.2
        //      = 1.025435375; X = 0.024697080.
        const auto t = terms(LoanType::Eip, 0.05, 0.04, 30, {0, 0, 10});
        CHECK(near(finance::remainingInstalmentsValue(LoanType::Eip, 0.025, 0.02, {0, 0, 10}), 1.0254353748, 1e-10));
        CHECK(near(finance::earlyRepaymentFactor(t), 0.0246970802, 1e-10));
        CHECK(near(finance::earlyRepaymentFactor(t), dmo(1.0254353748439438), 1e-12));
    }
    SUBCASE("4 interest-only periods before 6 amortizing ones") {
        // a_4 = 3.807728699, v^4 = 0.923845426, a_6 = 5.601430891, AF_l(6) = 0.181549971.
        // Annuity: PV_d = i_l a_4 + v^4 AF_l(6) a_6 = 0.095193217 + 0.923845426 x 1.016939604
        //          = 1.034688230; X = 0.033980356.
        CHECK(near(finance::remainingInstalmentsValue(LoanType::Annuity, 0.025, 0.02, {0, 4, 6}), 1.0346882304, 1e-10));
        CHECK(near(finance::earlyRepaymentFactor(terms(LoanType::Annuity, 0.05, 0.04, 30, {0, 4, 6})), 0.0339803560,
                   1e-10));
        // EIP: PV_d = i_l a_4 + v^4 (a_6 / 6 + i_l (6 - a_6) / (6 i_d)) = 1.034380987; X = 0.033672103.
        CHECK(near(finance::remainingInstalmentsValue(LoanType::Eip, 0.025, 0.02, {0, 4, 6}), 1.0343809872, 1e-10));
        CHECK(near(finance::earlyRepaymentFactor(terms(LoanType::Eip, 0.05, 0.04, 30, {0, 4, 6})), 0.0336721028, 1e-10));
        // A maturity loan's interest-only periods are just more interest: i_l a_10 + v^10 either way.
        CHECK(near(finance::remainingInstalmentsValue(LoanType::Maturity, 0.025, 0.02, {0, 4, 6}),
                   finance::remainingInstalmentsValue(LoanType::Maturity, 0.025, 0.02, {0, 0, 10}), 1e-14));
    }
    SUBCASE("2 capitalised periods before 4 annuity instalments") {
        // The unit grows to 1.025^2 and pays AF_l(4) a_4 from there, discounted by v^2:
        // (1.025 / 1.02)^2 = 1.009827951, AF_l(4) = 0.265817878, a_4 = 3.807728699,
        // PV_d = 1.009827951 x 0.265817878 x 3.807728699 = 1.022109843; X = 0.021360616.
        CHECK(near(finance::remainingInstalmentsValue(LoanType::Annuity, 0.025, 0.02, {2, 0, 4}), 1.0221098435, 1e-10));
        CHECK(near(finance::earlyRepaymentFactor(terms(LoanType::Annuity, 0.05, 0.04, 30, {2, 0, 4})), 0.0213606156,
                   1e-10));
    }
}

TEST_CASE("redeem: zero rates take the formula's limits") {
    // i_d = 0: a_N = N and v = 1. Maturity 1 + i_l N; annuity AF_l N; EIP a_N/N + i_l (N - a_N)/(N i_d)
    // -> 1 + i_l (N + 1) / 2, since (N - a_N) / i_d = a_1 + ... + a_N -> 1 + 2 + ... + N.
    // With i_l = 0.025, N = 10: 1.25, 0.114258763 x 10 = 1.142587632, 1.1375.
    CHECK(near(finance::annuityCertain(0.0, 10), 10.0, 1e-15));
    CHECK(near(finance::remainingInstalmentsValue(LoanType::Maturity, 0.025, 0.0, {0, 0, 10}), 1.25, 1e-14));
    CHECK(near(finance::remainingInstalmentsValue(LoanType::Annuity, 0.025, 0.0, {0, 0, 10}), 1.1425876318, 1e-10));
    CHECK(near(finance::remainingInstalmentsValue(LoanType::Eip, 0.025, 0.0, {0, 0, 10}), 1.1375, 1e-14));
    // Continuity: a tiny repayment rate gives (nearly) the limit, with no cancellation.
    CHECK(near(finance::remainingInstalmentsValue(LoanType::Eip, 0.025, 1e-12, {0, 0, 10}), 1.1375, 1e-10));
    CHECK(near(finance::remainingInstalmentsValue(LoanType::Eip, 0.025, 1e-6, {0, 0, 10}),
               finance::remainingInstalmentsValue(LoanType::Eip, 0.025, 0.0, {0, 0, 10}), 1e-5));

    // i_l = 0 (an interest-free loan): AF_l = 1/N, so annuity and EIP are both a_N / N, maturity v^N.
    // At i_d = 0.02, N = 10: 8.982585006 / 10 = 0.898258501 and v^10 = 0.820348300.
    CHECK(near(finance::annuityFactor(0.0, 10), 0.1, 1e-15));
    CHECK(near(finance::remainingInstalmentsValue(LoanType::Annuity, 0.0, 0.02, {0, 0, 10}), 0.8982585006, 1e-10));
    CHECK(near(finance::remainingInstalmentsValue(LoanType::Eip, 0.0, 0.02, {0, 0, 10}), 0.8982585006, 1e-10));
    CHECK(near(finance::remainingInstalmentsValue(LoanType::Maturity, 0.0, 0.02, {0, 0, 10}), 0.8203482999, 1e-10));
    // Both zero: every loan is worth exactly its principal.
    for (auto type : {LoanType::Maturity, LoanType::Annuity, LoanType::Eip})
        CHECK(near(finance::remainingInstalmentsValue(type, 0.0, 0.0, {1, 2, 7}), 1.0, 1e-15));
}

TEST_CASE("redeem: at the loan's own rate on an instalment date there is no premium, for every loan type") {
    // Closed form: valued at the loan rate, a loan's own instalments are worth its principal
    // (PV = 1 per unit), and with D = 0 nothing has accrued, so X = 0. Deferral periods keep it:
    // interest-only pays i_l a_m + v^m = 1 and capitalisation grows and discounts by the same 1 + i.
    for (auto type : {LoanType::Maturity, LoanType::Annuity, LoanType::Eip}) {
        CAPTURE(finance::name(type));
        for (const finance::RemainingInstalments& left : {finance::RemainingInstalments{0, 0, 1},
                                                          finance::RemainingInstalments{0, 0, 30},
                                                          finance::RemainingInstalments{0, 4, 26},
                                                          finance::RemainingInstalments{2, 2, 10}}) {
            const auto r = finance::earlyRepayment(10930000.0, terms(type, 0.048, 0.048, 0, left), finance::Rounding{});
            CHECK(near(r.factor, 0.0, 1e-13));
            CHECK(r.premium == 0.0);
            CHECK(r.accruedInterest == 0.0);
            CHECK(r.totalToPay == 10930000.0);
        }
    }
    // Through the scenarios, on dates that are instalment dates (each counted as made):
    // the DMO example's bullet, the default pilot's annuity (interest-only periods left) and
    // the NLGN example's EIP loan.
    struct Case {
        scenarios::Scenario scenario;
        const char* date;
        const char* loanType;
    };
    for (const auto& c : {Case{exampleScenario("redeem_maturity_loan"), "2033-04-01", "maturity"},
                          Case{exampleScenario("default_pilot"), "2027-04-01", "annuity"},
                          Case{exampleScenario("nlgn_back_office"), "2031-04-01", "eip"}}) {
        CAPTURE(c.loanType);
        const auto q = scenarios::redeem(c.scenario, date(c.date), c.scenario.bond.coupon.rate);
        CHECK(finance::name(q.loanType) == c.loanType);
        CHECK(q.daysSinceLastInstalment == 0);
        CHECK(q.repayment.premium == 0.0);
        CHECK(q.repayment.accruedInterest == 0.0);
        CHECK(q.repayment.totalToPay == q.repayment.outstanding);
    }
}

TEST_CASE("redeem: the last instalment, outstanding and instalments left come from the schedule") {
    SUBCASE("a date on an unadjusted instalment date counts that instalment as made") {
        // NLGN example: 9.5m EIP at 5.3 % (gilt 4.5 % + 0.8 %), half-yearly over 20 years, 3
        // interest-only years. 2028-04-01 is the 4th instalment date (paid 2028-04-03, a Monday):
        // it counts as made, so D = 0, 2 interest-only and 34 amortizing periods are left and the
        // whole 9.5m is outstanding. At 6 % (i_d = 0.03, i_l = 0.0265): a_2 = 1.913469696,
        // v^2 = 0.942595909, a_34 = 21.131836675, PV_d = i_l a_2 + v^2 (a_34/34 + i_l (34 - a_34)/(34 i_d))
        // = 0.951682098, X = PV_d - 1 = -0.048317902; premium 9.5m x X = -459,020.07.
        const auto q = scenarios::redeem(exampleScenario("nlgn_back_office"), date("2028-04-01"), 0.06);
        CHECK(q.loanType == LoanType::Eip);
        CHECK(q.lastInstalmentDate == date("2028-04-01"));
        CHECK(q.daysSinceLastInstalment == 0);
        CHECK(q.remaining.capitalised == 0);
        CHECK(q.remaining.interestOnly == 2);
        CHECK(q.remaining.amortizing == 34);
        CHECK(q.repayment.outstanding == 9500000.0);
        CHECK(near(q.repayment.factor, -0.0483179021, 1e-9));
        CHECK(nearMoney(q.repayment.premium, -459020.07));
        CHECK(q.repayment.accruedInterest == 0.0);
        CHECK(nearMoney(q.repayment.totalToPay, 9040979.93));

        // The day before, the 3rd instalment (2027-10-01) is the last: D = 182, 3 interest-only left.
        const auto before = scenarios::redeem(exampleScenario("nlgn_back_office"), date("2028-03-31"), 0.06);
        CHECK(before.lastInstalmentDate == date("2027-10-01"));
        CHECK(before.daysSinceLastInstalment == 182);
        CHECK(before.remaining.interestOnly == 3);
        CHECK(before.remaining.total() == 37);
    }
    SUBCASE("after amortization starts, the closing balance of the last instalment is outstanding") {
        // The NLGN schedule's 10th row (2031-04-01) closes at 8,382,352.96 (examples/expected csv);
        // 30 amortizing periods are left. At 6 %: a_30 = 19.600441349, PV_d = a_30/30 + 0.0265
        // (30 - a_30)/(30 x 0.03) = 0.959557272, X = -0.040442728; premium -339,005.22.
        const auto q = scenarios::redeem(exampleScenario("nlgn_back_office"), date("2031-04-01"), 0.06);
        CHECK(q.repayment.outstanding == 8382352.96);
        CHECK(q.remaining.total() == 30);
        CHECK(q.remaining.amortizing == 30);
        CHECK(near(q.repayment.factor, -0.0404427281, 1e-9));
        CHECK(nearMoney(q.repayment.premium, -339005.22));
    }
    SUBCASE("an annuity with interest-only periods left, between instalment dates") {
        // Default pilot: 10,930,000 annuity at 4.8 % half-yearly over 15 years, 2 interest-only
        // years. On 2027-01-15 the last instalment is 2026-10-01, D = 30 + 30 + 31 + 15 = 106; left:
        // 3 interest-only and 26 amortizing. At 4 % (i_d = 0.02, i_l = 0.024): a_3 = 2.883883273,
        // v^3 = 0.942322335, AF_l(26) = 0.052146767, a_26 = 20.121035758,
        // PV_d = 0.024 x 2.883883273 + 0.942322335 x 0.052146767 x 20.121035758 = 1.057942040,
        // X = (1 + 0.02 x 106/182.5) PV_d - (1 + 0.024 x 106/182.5) = 0.056291833;
        // premium 10,930,000 X = 615,269.73; accrued 10,930,000 x 0.024 x 106/182.5 = 152,361.21.
        const auto q = scenarios::redeem(exampleScenario("default_pilot"), date("2027-01-15"), 0.04);
        CHECK(q.loanType == LoanType::Annuity);
        CHECK(q.notional == 10930000.0);
        CHECK(q.lastInstalmentDate == date("2026-10-01"));
        CHECK(q.daysSinceLastInstalment == 106);
        CHECK(q.remaining.interestOnly == 3);
        CHECK(q.remaining.amortizing == 26);
        CHECK(near(q.remainingValue, 1.0579420400, 1e-9));
        CHECK(near(q.repayment.factor, 0.0562918325, 1e-9));
        CHECK(nearMoney(q.repayment.premium, 615269.73));
        CHECK(nearMoney(q.repayment.accruedInterest, 152361.21));
        CHECK(nearMoney(q.repayment.totalToPay, 11697630.94));
    }
    SUBCASE("on the issue date nothing is paid yet: the notional is outstanding, every period left") {
        const auto q = scenarios::redeem(exampleScenario("redeem_maturity_loan"), date("2026-04-01"), 0.08375);
        CHECK(q.lastInstalmentDate == date("2026-04-01"));
        CHECK(q.daysSinceLastInstalment == 0);
        CHECK(q.remaining.total() == 20);
        CHECK(q.repayment.outstanding == 12000000.0);
        CHECK(q.repayment.premium == 0.0);
    }
    SUBCASE("capitalised periods left are counted as instalments that pay nothing") {
        // 1 capitalised and 1 interest-only year on the NLGN loan: on the issue date 2 + 2 + 36 are left.
        const auto s = exampleScenario("nlgn_back_office", {{"/bond/capitalised_interest_years", "1"},
                                                            {"/bond/interest_only_years", "1"}});
        const auto q = scenarios::redeem(s, date("2026-05-01"), 0.06);
        CHECK(q.remaining.capitalised == 2);
        CHECK(q.remaining.interestOnly == 2);
        CHECK(q.remaining.amortizing == 36);
        // At the coupon, still no premium on an instalment date.
        CHECK(scenarios::redeem(s, date("2026-10-01"), s.bond.coupon.rate).repayment.premium == 0.0);
    }
    SUBCASE("an interest-free loan: nothing accrues and the premium is the discounting alone") {
        // Welsh example: 6 annual EIP instalments at 0 %, notional sized to the one-off costs.
        // On the issue date at 3 %: X = a_6 / 6 - 1 = 5.417191444 / 6 - 1 = -0.097134759.
        const auto q = scenarios::redeem(exampleScenario("welsh_interest_free"), date("2026-04-01"), 0.03);
        CHECK(q.repayment.accruedInterest == 0.0);
        CHECK(near(q.repayment.factor, -0.0971347593, 1e-9));
    }
}

TEST_CASE("redeem: custom and sculpted loans are input errors, dates outside the loan's life are request errors") {
    auto inputErrorAt = [](const scenarios::Scenario& s) {
        try {
            scenarios::redeem(s, date("2030-01-01"), 0.05);
        } catch (const scenarios::InputError& e) {
            return e.problems().front().pointer;
        }
        return std::string("no error");
    };
    CHECK(inputErrorAt(exampleScenario("redeem_maturity_loan", {{"/bond/amortization", "sculpted"}})) ==
          "/bond/amortization");
    std::string fractions = "{\"custom_fractions\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]}";
    CHECK(inputErrorAt(exampleScenario("redeem_maturity_loan", {{"/bond/amortization", fractions}})) ==
          "/bond/amortization");
    std::string amounts = "{\"custom\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12000000]}";
    CHECK(inputErrorAt(exampleScenario("redeem_maturity_loan", {{"/bond/amortization", amounts}})) ==
          "/bond/amortization");

    const auto s = exampleScenario("redeem_maturity_loan");
    CHECK_THROWS_AS(scenarios::redeem(s, date("2026-03-31"), 0.05), scenarios::RedemptionRequestError);
    CHECK_THROWS_AS(scenarios::redeem(s, date("2036-04-01"), 0.05), scenarios::RedemptionRequestError);
    CHECK_THROWS_AS(scenarios::redeem(s, date("2040-01-01"), 0.05), scenarios::RedemptionRequestError);
    CHECK_THROWS_AS(scenarios::redeem(s, date("2030-01-01"), 4.5), scenarios::RedemptionRequestError);
    CHECK_NOTHROW(scenarios::redeem(s, date("2036-03-31"), 0.05));
}

TEST_CASE("redeem: `itsb redeem` on the example reproduces the DMO's discount in JSON, table and CSV") {
    const auto jsonRun =
        runCli({"redeem", kMaturityExample, "--date", "2033-04-15", "--rate", "0.115", "--format", "json"});
    REQUIRE(jsonRun.code == 0);
    CHECK(jsonRun.err.empty());
    const auto j = nlohmann::ordered_json::parse(jsonRun.out);
    std::vector<std::string> keys;
    for (const auto& item : j.items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"itsb_version", "input_sha256", "name", "date", "rate", "outstanding",
                                           "accrued_interest", "premium", "total_to_pay", "factor", "loan_type",
                                           "instalments_remaining", "days_since_last_instalment",
                                           "last_instalment_date"});
    CHECK(j.at("input_sha256") == scenarios::inputSha256(exampleScenario("redeem_maturity_loan")));
    CHECK(j.at("date") == "2033-04-15");
    CHECK(j.at("rate").get<double>() == 0.115);
    // The DMO's figures (see the first test case): a discount of 919,000.48 on 12m, N = 6, D = 14.
    CHECK(nearMoney(j.at("outstanding").get<double>(), 12000000.0));
    CHECK(nearMoney(j.at("premium").get<double>(), -919000.48));
    CHECK(near(j.at("factor").get<double>(), -0.0765833734, 1e-9));
    CHECK(nearMoney(j.at("accrued_interest").get<double>(), 38547.95));
    CHECK(nearMoney(j.at("total_to_pay").get<double>(), 11119547.47));
    CHECK(j.at("loan_type") == "maturity");
    CHECK(j.at("instalments_remaining") == 6);
    CHECK(j.at("days_since_last_instalment") == 14);
    CHECK(j.at("last_instalment_date") == "2033-04-01");

    const auto table = runCli({"redeem", kMaturityExample, "--date", "2033-04-15", "--rate", "0.115"});
    REQUIRE(table.code == 0);
    for (const char* text : {"Early repayment on 2033-04-15 at 11.5%", "12,000,000.00", "-919,000.48", "38,547.95",
                             "11,119,547.47", "t = D / 182.5 days", "i_l a_N + v^N"})
        CHECK_MESSAGE(table.out.find(text) != std::string::npos, text);

    const auto csv = runCli({"redeem", kMaturityExample, "--date", "2033-04-15", "--rate", "0.115", "--format", "csv"});
    REQUIRE(csv.code == 0);
    CHECK(csv.out.find("# redeem\nkey,value\ndate,2033-04-15\nrate,0.115\noutstanding,12000000.00\n") == 0);
    CHECK(csv.out.find("\npremium,-919000.48\n") != std::string::npos);
    CHECK(csv.out.find("\nloan_type,maturity\n") != std::string::npos);

    // The committed golden outputs (examples/expected/redeem_maturity_loan/redeem.*) are these bytes.
    const auto expected = sourcePath("examples/expected/redeem_maturity_loan");
    CHECK(jsonRun.out == readFile(expected / "redeem.json"));
    CHECK(table.out == readFile(expected / "redeem.txt"));
}

TEST_CASE("redeem: bad requests exit 2, bad loans exit 1, and neither prints a report") {
    struct Case {
        std::vector<std::string> args;
        int code;
        const char* message;
    };
    const std::string ex = kMaturityExample;
    const std::vector<Case> cases{
        {{"redeem", ex, "--date", "2033-04-15"}, 2, "--rate is required"},
        {{"redeem", ex, "--rate", "0.1"}, 2, "--date is required"},
        {{"redeem", ex, "--date", "2033-04-15", "--rate", "abc"}, 2, "--rate abc: expected a decimal rate"},
        {{"redeem", ex, "--date", "2033-04-15", "--rate", "0.1x"}, 2, "--rate 0.1x: expected a decimal rate"},
        {{"redeem", ex, "--date", "2033-04-15", "--rate", "nan"}, 2, "--rate nan: expected a decimal rate"},
        {{"redeem", ex, "--date", "2033-04-15", "--rate", "+-0.1"}, 2, "--rate +-0.1: expected a decimal rate"},
        {{"redeem", ex, "--date", "2033-04-15", "--rate", "11.5%"}, 2, "--rate 11.5%: expected a decimal rate"},
        {{"redeem", ex, "--date", "2033-04-15", "--rate", "4.5"}, 2, "(4.5 % is 0.045)"},
        {{"redeem", ex, "--date", "15/04/2033", "--rate", "0.1"}, 2, "--date 15/04/2033: expected a date YYYY-MM-DD"},
        {{"redeem", ex, "--date", "2033-02-30", "--rate", "0.1"}, 2, "--date 2033-02-30: expected a date"},
        {{"redeem", ex, "--date", "2026-03-31", "--rate", "0.1"}, 2, "before the bond's issue date 2026-04-01"},
        {{"redeem", ex, "--date", "2036-04-01", "--rate", "0.1"}, 2, "on or after the bond's maturity 2036-04-01"},
        {{"redeem", ex, "--date", "2033-04-15", "--rate", "0.1", "--format", "xlsx"}, 2, "--format"},
        {{"redeem", ex, "--date", "2033-04-15", "--rate", "0.1", "--set", "/bond/amortization=sculpted"}, 1,
         "/bond/amortization: early repayment is priced by the DMO formula"},
        {{"redeem", ex, "--date", "2033-04-15", "--rate", "0.1", "--set",
          "/bond/amortization={\"custom_fractions\": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1]}"},
         1, "/bond/amortization: early repayment is priced by the DMO formula"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.message);
        const auto r = runCli(c.args);
        CHECK(r.code == c.code);
        CHECK(r.out.empty());
        CHECK_MESSAGE(r.err.find(c.message) != std::string::npos, r.err);
    }
    // A negative repayment rate is a rate like any other (written --rate=-0.01 or --rate -0.01).
    CHECK(runCli({"redeem", ex, "--date", "2033-04-15", "--rate=-0.01"}).code == 0);
    CHECK(runCli({"redeem", ex, "--date", "2033-04-15", "--rate", "-0.01"}).code == 0);
    // Without a file, the default pilot (an annuity) is redeemed.
    const auto pilot = runCli({"redeem", "--date", "2030-01-01", "--rate", "0.04", "--format", "json"});
    REQUIRE(pilot.code == 0);
    CHECK(nlohmann::json::parse(pilot.out).at("loan_type") == "annuity");
}

TEST_CASE("redeem: --output writes the report atomically, CSV to a folder gives redeem.csv") {
    TempDir dir;
    const auto jsonRun = runCli({"redeem", kMaturityExample, "--date", "2033-04-15", "--rate", "0.115", "--output",
                              (dir / "quote.json").string()});
    REQUIRE(jsonRun.code == 0);
    CHECK(jsonRun.out.empty());
    CHECK(nlohmann::json::parse(readFile(dir / "quote.json")).at("premium").get<double>() == -919000.48);

    const auto csv = runCli({"redeem", kMaturityExample, "--date", "2033-04-15", "--rate", "0.115", "--format", "csv",
                             "--output", (dir / "csv").string() + "/"});
    REQUIRE(csv.code == 0);
    CHECK(readFile(dir / "csv" / "redeem.csv").find("key,value\ndate,2033-04-15\n") == 0);

    // A request error leaves no file behind.
    const auto bad = runCli({"redeem", kMaturityExample, "--date", "2040-01-01", "--rate", "0.115", "--output",
                             (dir / "bad.json").string()});
    CHECK(bad.code == 2);
    CHECK(!std::filesystem::exists(dir / "bad.json"));
}
