#pragma once
// One executor for the commands that repeat independent pieces of work (simulate's blocks of
// paths, sensitivity's grid points and bumps): items claimed in index order by a few threads,
// each result written to its own slot by the caller, so the output is the same for any number
// of threads.

#include <cstddef>
#include <functional>

namespace itsb::finance {

//! The threads parallelFor runs for `count` items when asked for `threads`: between 1 and
//! `count` (1 for no items or threads < 1).
std::size_t parallelWorkers(std::size_t count, int threads);

//! Calls `body(item, worker)` once for every item in [0, count), on parallelWorkers(count,
//! threads) threads, the calling thread among them. `worker` (0 to workers - 1) names the thread
//! running the item, for scratch state kept per thread; a result belongs in a slot of its own
//! item, never in a slot of the worker, so it does not depend on which thread ran it.
//!
//! `finished(item)`, when given, is called once for each item that completes, one call at a
//! time, in the order they complete (for progress).
//!
//! When items throw, no further item is started, the ones running finish, and the exception of
//! the lowest-numbered item is rethrown: items are claimed in increasing order, so every item
//! below it has run, and that is the exception one thread would have thrown.
//!
//! While the workers run, QuantLib's evaluation date, when unset, is anchored to today and unset
//! again after (parallel.cpp says why); `body` may use finance/ freely but must not change
//! QuantLib's Settings. Call it from one thread at a time; a call from inside `body` is safe.
void parallelFor(std::size_t count, int threads, const std::function<void(std::size_t item, std::size_t worker)>& body,
                 const std::function<void(std::size_t item)>& finished = {});

}  // namespace itsb::finance
