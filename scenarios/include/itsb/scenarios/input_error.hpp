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

class InputError : public std::runtime_error {
  public:
    explicit InputError(std::vector<InputProblem> problems);
    const std::vector<InputProblem>& problems() const { return problems_; }

  private:
    std::vector<InputProblem> problems_;
};

}  // namespace itsb::scenarios
