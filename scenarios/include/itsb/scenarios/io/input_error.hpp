#pragma once
// Bad input: every problem found, each naming the JSON pointer, the value and the rule.

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace itsb::scenarios {

struct InputProblem {
    std::string pointer;  //!< RFC 6901 pointer into the input, "" for the whole document
    std::string value;    //!< the offending value as compact JSON ("" when missing)
    std::string rule;     //!< what was expected

    //! `/bond/coupon: must be between -0.05 and 1, got 4.5`
    //! (`... : is required` when the value is missing).
    std::string message() const;
};

//! An offending value as a problem's value: compact JSON, cut to 80 bytes at a UTF-8 boundary
//! ("..." marks the cut), so a huge or hostile value never floods a message.
std::string problemValue(const nlohmann::json& value);

//! Bad input: the problems found, at most a listed number of them, and how many more there were.
class InputError : public std::runtime_error {
  public:
    //! `unlisted`: problems found beyond those listed (a file of a million bad entries is
    //! counted, not copied).
    explicit InputError(std::vector<InputProblem> problems, std::size_t unlisted = 0);
    const std::vector<InputProblem>& problems() const { return problems_; }
    std::size_t unlisted() const { return unlisted_; }
    //! Every problem found, listed or not.
    std::size_t total() const { return problems_.size() + unlisted_; }

  private:
    std::vector<InputProblem> problems_;
    std::size_t unlisted_ = 0;
};

//! Every listed problem's message, joined by "; ", then the count of the unlisted ones: one line
//! for a report row that could not be evaluated.
std::string problemsText(const InputError& error);

//! "and 800 more problems (the first 200 are listed)", or "" when every problem is listed.
std::string unlistedText(const InputError& error);

}  // namespace itsb::scenarios
