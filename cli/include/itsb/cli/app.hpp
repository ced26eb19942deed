#pragma once
// The `itsb` program as a library function, so tests run it in-process.

#include <iosfwd>
#include <string>
#include <vector>

namespace itsb::cli {

//! Runs `itsb` with `args` (without the program name); returns the exit code:
//! 0 success, 1 bad input, 2 usage error, 3 internal error.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace itsb::cli
