// finance::parallelFor, the executor of simulate and sensitivity: every item runs once, results
// by index do not depend on the threads, a failure is the one a single thread would report, and
// QuantLib's evaluation date is anchored only while workers run.

#include "itsb/finance/parallel.hpp"

#include <doctest/doctest.h>

#include <ql/settings.hpp>

#include <atomic>
#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

using itsb::finance::parallelFor;
using itsb::finance::parallelWorkers;

TEST_CASE("parallelFor: every item runs exactly once and each result lands in its own slot") {
    constexpr std::size_t n = 1000;
    for (const int threads : {1, 2, 3, 8}) {
        CAPTURE(threads);
        std::vector<std::atomic<int>> runs(n);
        std::vector<unsigned long long> squares(n, 0);
        std::vector<char> workerSeen(parallelWorkers(n, threads), 0);
        std::size_t finished = 0;  // serialised: no atomic needed
        parallelFor(
            n, threads,
            [&](std::size_t i, std::size_t worker) {
                ++runs[i];
                squares[i] = static_cast<unsigned long long>(i) * i;
                workerSeen.at(worker) = 1;
            },
            [&](std::size_t) { ++finished; });
        for (std::size_t i = 0; i < n; ++i) CHECK(runs[i] == 1);
        CHECK(finished == n);
        // Sum of i^2 for i < n is (n - 1) n (2n - 1) / 6.
        CHECK(std::accumulate(squares.begin(), squares.end(), 0ULL) == (n - 1) * n * (2 * n - 1) / 6);
    }
    CHECK(parallelWorkers(5, 8) == 5);
    CHECK(parallelWorkers(5, 0) == 1);
    CHECK(parallelWorkers(0, 4) == 1);
    parallelFor(0, 4, [](std::size_t, std::size_t) { FAIL("no items, no calls"); });
}

TEST_CASE("parallelFor: when items throw, the lowest-numbered item's exception is rethrown") {
    // Items 37 and 60 throw; one thread stops at 37, and so must any number of threads.
    for (const int threads : {1, 2, 3}) {
        CAPTURE(threads);
        std::vector<std::atomic<int>> runs(100);
        try {
            parallelFor(100, threads, [&](std::size_t i, std::size_t) {
                ++runs[i];
                if (i == 37 || i == 60) throw std::runtime_error("item " + std::to_string(i));
            });
            FAIL("no exception");
        } catch (const std::runtime_error& e) {
            CHECK(std::string(e.what()) == "item 37");
        }
        for (std::size_t i = 0; i <= 37; ++i) CHECK(runs[i] == 1);  // every item below it ran
    }
}

TEST_CASE("parallelFor: QuantLib's evaluation date is anchored while workers run, then unset again") {
    auto& date = QuantLib::Settings::instance().evaluationDate();
    REQUIRE(date.value() == QuantLib::Date());  // nothing in itsb sets it
    std::vector<QuantLib::Date> seen(4);
    parallelFor(4, 2, [&](std::size_t i, std::size_t) { seen[i] = date.value(); });
    CHECK(seen[0] != QuantLib::Date());  // today, as an unset date reads
    for (const auto& d : seen) CHECK(d == seen[0]);
    CHECK(date.value() == QuantLib::Date());
    // One thread needs no anchor, and a date set by the caller is left as it is.
    parallelFor(1, 2, [&](std::size_t i, std::size_t) { seen[i] = date.value(); });
    CHECK(seen[0] == QuantLib::Date());
    const QuantLib::Date fixed(15, QuantLib::March, 2024);
    date = fixed;
    parallelFor(4, 2, [&](std::size_t i, std::size_t) { seen[i] = date.value(); });
    for (const auto& d : seen) CHECK(d == fixed);
    CHECK(date.value() == fixed);
    QuantLib::Settings::instance().resetEvaluationDate();
}
