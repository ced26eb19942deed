#include "itsb/cli/app.hpp"

#include <ostream>

namespace itsb::cli {

int run(const std::vector<std::string>&, std::istream&, std::ostream&, std::ostream& err) {
    err << "itsb: under construction\n";
    return 3;
}

}  // namespace itsb::cli
