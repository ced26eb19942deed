#include "irr_newton.hpp"

#include "irr_roots.hpp"

#include <ql/errors.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

// The fast path of periodic IRR for flows that change sign once (irr.cpp explains the routes).
// Descartes' rule allows one positive root at most; the signs of P at the ends of [1/11, 100],
// each proved by a rounding-error bound, say whether it lies inside; then Newton's method,
// bisecting whenever a step would leave the bracket or fails to halve, polishes it.
//
// Horner's rule is a chain: each step needs the one before, so one evaluation waits on about
// 26 multiply-adds in turn and the processor's other units idle. A Monte Carlo block solves
// many independent series: evaluating four or eight of them in one loop fills those units. Each
// series keeps its own operations in its own order, so its answer is the one it gets alone.

namespace itsb::finance::detail {

namespace {

// P(x) = sum c_k x^k scaled to P(x) / max(1, x)^d so that x = 100 at degree 300 does not
// overflow; `bound` bounds the rounding error's scale (sum |c_k| x^k, scaled alike) and
// `step` is the Newton step P(x) / P'(x).
struct ScaledValue {
    double value = 0.0;
    double bound = 0.0;
    double step = 0.0;
};

// One evaluation: P of the coefficients c at x.
struct Job {
    std::span<const double> c;
    double x = 0.0;
};

// What an evaluation computes besides P's value: the error bound (to sign P at an end of the
// interval), the Newton step, or both.
enum class Needs { Bound, Step, Both };

// Evaluates N jobs side by side. A job at x <= 1 runs Horner's rule from c_d down to c_0; at
// x > 1 it runs it on Q(y) = sum c_k y^(d-k), y = 1/x, from c_0 up, with P(x) = x^d Q(1/x) and
// P'(x) = x^(d-1) (d Q - y Q'). A shorter series joins the loop at the step where it has
// exactly its own number of steps left: its earlier steps would only carry zeros.
template <std::size_t N, Needs needs>
void evaluateSideBySide(const Job* jobs, ScaledValue* out) {
    constexpr bool withBound = needs != Needs::Step, withStep = needs != Needs::Bound;
    std::size_t longest = 0;
    for (std::size_t j = 0; j < N; ++j) longest = std::max(longest, jobs[j].c.size());
    // Each job reads its coefficients through a cursor moving down (x <= 1) or up (x > 1).
    std::array<const double*, N> cursor;
    std::array<std::ptrdiff_t, N> stride;
    std::array<std::size_t, N> start;
    std::array<bool, N> below;
    std::array<double, N> z, p, dp, a;
    for (std::size_t j = 0; j < N; ++j) {
        const std::span<const double> c = jobs[j].c;
        start[j] = longest - c.size();
        below[j] = jobs[j].x <= 1.0;
        cursor[j] = below[j] ? c.data() + (c.size() - 1) : c.data();
        stride[j] = below[j] ? -1 : 1;
        z[j] = below[j] ? jobs[j].x : 1.0 / jobs[j].x;
        p[j] = dp[j] = a[j] = 0.0;
    }
    for (std::size_t t = 0; t < longest; ++t) {
        for (std::size_t j = 0; j < N; ++j) {
            if (t < start[j]) continue;
            const double ck = *cursor[j];
            cursor[j] += stride[j];
            if constexpr (withStep) dp[j] = dp[j] * z[j] + p[j];
            p[j] = p[j] * z[j] + ck;
            if constexpr (withBound) a[j] = a[j] * z[j] + std::abs(ck);
        }
    }
    for (std::size_t j = 0; j < N; ++j) {
        out[j].value = p[j];
        out[j].bound = a[j];
        if constexpr (!withStep) continue;
        if (below[j]) {
            out[j].step = p[j] / dp[j];
        } else {
            const double d = static_cast<double>(jobs[j].c.size() - 1);
            out[j].step = jobs[j].x * p[j] / (d * p[j] - z[j] * dp[j]);
        }
    }
}

// Two doubles in one 128-bit register (SSE2 on x86-64, NEON on ARM). Arithmetic on them is IEEE
// arithmetic on each lane: a lane's result is the one the same operations give one double.
using Pair = double __attribute__((vector_size(16)));

// Eight Newton steps at points x <= 1 on series of one length (the common case in a Monte Carlo
// block), two series to a register: the operations of evaluateSideBySide, lane by lane, with
// four chains in flight in half the instructions of eight scalar ones.
void eightStepsBelow(const Job* jobs, ScaledValue* out) {
    const std::size_t size = jobs[0].c.size();
    std::array<Pair, 4> z, p, dp;
    for (std::size_t q = 0; q < 4; ++q) {
        z[q] = Pair{jobs[2 * q].x, jobs[2 * q + 1].x};
        p[q] = dp[q] = Pair{0.0, 0.0};
    }
    for (std::size_t i = size; i-- > 0;) {
        for (std::size_t q = 0; q < 4; ++q) {
            const Pair ck{jobs[2 * q].c[i], jobs[2 * q + 1].c[i]};
            dp[q] = dp[q] * z[q] + p[q];
            p[q] = p[q] * z[q] + ck;
        }
    }
    for (std::size_t j = 0; j < 8; ++j) {
        const double value = p[j / 2][j % 2], slope = dp[j / 2][j % 2];
        out[j] = {value, 0.0, value / slope};
    }
}

bool eightOfOneLengthBelow(const Job* jobs, std::size_t count) {
    if (count != 8) return false;
    for (std::size_t j = 0; j < 8; ++j)
        if (!(jobs[j].x <= 1.0) || jobs[j].c.size() != jobs[0].c.size()) return false;
    return true;
}

// Any number of jobs: eight at a time in registers of two where they allow it, else four at a
// time.
template <Needs needs>
void evaluateJobs(std::span<const Job> jobs, ScaledValue* out) {
    for (std::size_t first = 0; first < jobs.size();) {
        const Job* j = jobs.data() + first;
        ScaledValue* o = out + first;
        const std::size_t left = jobs.size() - first;
        if (needs == Needs::Step && eightOfOneLengthBelow(j, std::min<std::size_t>(left, 8))) {
            eightStepsBelow(j, o);
            first += 8;
            continue;
        }
        switch (std::min<std::size_t>(left, 4)) {
            case 1: evaluateSideBySide<1, needs>(j, o); break;
            case 2: evaluateSideBySide<2, needs>(j, o); break;
            case 3: evaluateSideBySide<3, needs>(j, o); break;
            default: evaluateSideBySide<4, needs>(j, o); break;
        }
        first += std::min<std::size_t>(left, 4);
    }
}

// The sign of P at x when double precision settles it (|value| beyond the error bound
// 2 d u sum |c_k| x^k, doubled for safety), else 2 ("ask the exact path").
int reliableSign(const ScaledValue& v, std::size_t terms) {
    const double error = 4.0 * static_cast<double>(terms) * std::numeric_limits<double>::epsilon() * v.bound;
    if (std::abs(v.value) <= error) return 2;
    return v.value > 0.0 ? 1 : -1;
}

constexpr double kStartX = 1.0 / 1.1;  // r = 10 %, near most projects' returns
constexpr int kMostIterations = 300;

// One series' safeguarded Newton iteration, fed one evaluation at x() at a time.
class Newton {
  public:
    //! From the proved signs of P at the two ends of the interval.
    Newton(int signLowest, int signHighest) : signLowest_(signLowest) {
        if (signLowest == 2 || signHighest == 2)
            finish(FastStatus::NeedsExact, 0.0);
        else if (signLowest == signHighest)
            finish(FastStatus::NoRoot, 0.0);
    }

    bool done() const { return done_; }
    double x() const { return x_; }
    FastRoot result() const { return result_; }

    //! One iteration on P's value and Newton step at x().
    void take(const ScaledValue& v) {
        constexpr double eps = std::numeric_limits<double>::epsilon();
        if (v.value == 0.0) return finish(FastStatus::Solved, x_);
        const int s = v.value > 0.0 ? 1 : -1;
        (s == signLowest_ ? lo_ : hi_) = x_;
        if (hi_ - lo_ <= 4.0 * eps * hi_) return finish(FastStatus::Solved, x_);
        double next = x_ - v.step;
        // Converged: the Newton step no longer moves x (x is one end of the bracket by now).
        if (next == x_ || std::abs(v.step) <= eps * x_) return finish(FastStatus::Solved, x_);
        // Newton while it stays inside the bracket and at least halves the step; else bisect.
        if (!(next > lo_ && next < hi_) || std::abs(v.step) * 2.0 > previousStep_) {
            next = lo_ + 0.5 * (hi_ - lo_);
            previousStep_ = hi_ - lo_;
        } else {
            previousStep_ = std::abs(v.step);
        }
        x_ = next;
        if (++iterations_ == kMostIterations) finish(FastStatus::Solved, x_);
    }

  private:
    void finish(FastStatus status, double x) {
        result_ = {status, x};
        done_ = true;
    }

    int signLowest_;
    double lo_ = kLowestX, hi_ = kHighestX;
    double x_ = kStartX;
    double previousStep_ = kHighestX - kLowestX;
    int iterations_ = 0;
    bool done_ = false;
    FastRoot result_;
};

// The first evaluations of a series: P at both ends of the interval (with error bounds) and
// at the first Newton iterate, all independent of each other.
std::array<Job, 3> firstJobs(std::span<const double> c) { return {{{c, kLowestX}, {c, kHighestX}, {c, kStartX}}}; }

// The iteration after them: the proved signs at the ends, then the first Newton step.
Newton afterFirstJobs(const ScaledValue& lowest, const ScaledValue& highest, const ScaledValue& start,
                      std::size_t terms) {
    Newton newton(reliableSign(lowest, terms), reliableSign(highest, terms));
    if (!newton.done()) newton.take(start);
    return newton;
}

}  // namespace

void singleChangeRootsX(std::span<const std::span<const double>> c, std::span<FastRoot> out) {
    const std::size_t n = c.size();
    QL_REQUIRE(n <= kSideBySide && out.size() == n, "singleChangeRootsX takes at most " << kSideBySide << " series");
    // The first three evaluations of every series (a series with no root inside, or an end too
    // close to call, wastes its first Newton step), then every series still iterating, side by
    // side, until none is.
    std::array<Job, 2 * kSideBySide> ends;
    std::array<Job, kSideBySide> jobs;
    std::array<ScaledValue, 3 * kSideBySide> values;  // [2i], [2i + 1]: the ends; [2n + i]: the first step
    for (std::size_t i = 0; i < n; ++i) {
        const auto first = firstJobs(c[i]);
        ends[2 * i] = first[0];
        ends[2 * i + 1] = first[1];
        jobs[i] = first[2];
    }
    evaluateJobs<Needs::Bound>(std::span(ends.data(), 2 * n), values.data());
    evaluateJobs<Needs::Step>(std::span(jobs.data(), n), values.data() + 2 * n);
    std::array<std::optional<Newton>, kSideBySide> newton;
    for (std::size_t i = 0; i < n; ++i)
        newton[i].emplace(afterFirstJobs(values[2 * i], values[2 * i + 1], values[2 * n + i], c[i].size()));
    std::array<std::size_t, kSideBySide> active;
    for (;;) {
        std::size_t count = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (!newton[i]->done()) {
                active[count] = i;
                jobs[count++] = {c[i], newton[i]->x()};
            }
        if (count == 0) break;
        evaluateJobs<Needs::Step>(std::span(jobs.data(), count), values.data());
        for (std::size_t k = 0; k < count; ++k) newton[active[k]]->take(values[k]);
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = newton[i]->result();
}

FastRoot singleChangeRootX(std::span<const double> c) {
    // singleChangeRootsX for one series, without its bookkeeping.
    const auto first = firstJobs(c);
    std::array<ScaledValue, 3> values;
    evaluateSideBySide<3, Needs::Both>(first.data(), values.data());
    Newton newton = afterFirstJobs(values[0], values[1], values[2], c.size());
    while (!newton.done()) {
        const Job job{c, newton.x()};
        ScaledValue v;
        evaluateSideBySide<1, Needs::Step>(&job, &v);
        newton.take(v);
    }
    return newton.result();
}

}  // namespace itsb::finance::detail
