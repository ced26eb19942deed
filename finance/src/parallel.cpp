#include "itsb/finance/parallel.hpp"

#include <ql/settings.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

// What the workers share. QuantLib 1.29 here is built without QL_ENABLE_SESSIONS (see
// ql/config.hpp), so its Settings are one object for the whole process, not one per thread,
// and without QL_ENABLE_THREAD_SAFE_OBSERVER_PATTERN. finance/ builds no QuantLib object that
// observes another (legs of coupons, calendars and day counters; no term structures,
// instruments or indices), never writes Settings, and passes settlement and NPV dates to the
// analytics explicitly (bond_analytics.cpp). One read is left: CashFlow::hasOccurred compares a
// flow falling on the reference date with the evaluation date, and an unset evaluation date
// reads as Date::todaysDate(), which calls std::localtime and its one static buffer: a data
// race between workers. Anchoring the date to today before they start (what every such read
// would have returned) leaves them reading a value no one writes. The comparison only decides
// whether Settings' includeTodaysCashFlows applies, and that is unset, so no number changes.

namespace itsb::finance {

namespace {

//! Anchors QuantLib's evaluation date to today while it lives, when it was unset, and unsets
//! it again. (SavedSettings would save the date as read, today, and so leave it anchored.) An
//! evaluation date already set, by a caller or by an enclosing parallelFor, is left alone.
class EvaluationDateAnchor {
  public:
    EvaluationDateAnchor() : anchored_(QuantLib::Settings::instance().evaluationDate().value() == QuantLib::Date()) {
        if (anchored_) QuantLib::Settings::instance().anchorEvaluationDate();
    }
    ~EvaluationDateAnchor() {
        if (anchored_) QuantLib::Settings::instance().resetEvaluationDate();
    }
    EvaluationDateAnchor(const EvaluationDateAnchor&) = delete;
    EvaluationDateAnchor& operator=(const EvaluationDateAnchor&) = delete;

  private:
    bool anchored_;
};

}  // namespace

std::size_t parallelWorkers(std::size_t count, int threads) {
    if (count == 0 || threads < 1) return 1;
    return std::min(count, static_cast<std::size_t>(threads));
}

void parallelFor(std::size_t count, int threads, const std::function<void(std::size_t item, std::size_t worker)>& body,
                 const std::function<void(std::size_t item)>& finished) {
    if (count == 0) return;
    const std::size_t workers = parallelWorkers(count, threads);

    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;  // serialises `finished` and guards the failure
    std::size_t failedItem = std::numeric_limits<std::size_t>::max();
    std::exception_ptr failure;
    auto work = [&](std::size_t worker) {
        // An item once claimed always runs: every item below a failed one has then run.
        while (!stop) {
            const std::size_t item = next++;
            if (item >= count) return;
            try {
                body(item, worker);
                if (finished) {
                    std::lock_guard<std::mutex> lock(mutex);
                    finished(item);
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (item < failedItem) {
                    failedItem = item;
                    failure = std::current_exception();
                }
                stop = true;
            }
        }
    };

    if (workers == 1) {
        work(0);
    } else {
        const EvaluationDateAnchor anchor;
        std::vector<std::thread> pool;
        pool.reserve(workers - 1);
        try {
            for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
        } catch (const std::system_error&) {
            // No more threads to be had: those started and this one do all the work.
        }
        work(0);
        for (auto& thread : pool) thread.join();
    }
    if (failure) std::rethrow_exception(failure);
}

}  // namespace itsb::finance
