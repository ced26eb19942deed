// The `itsb` program: everything it does lives in the itsb::cli library.

#include "itsb/cli/app.hpp"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    try {
        std::ios::sync_with_stdio(false);
        std::vector<std::string> args(argv + 1, argv + argc);
        return itsb::cli::run(args, std::cin, std::cout, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "itsb: internal error: " << e.what() << "\n";
        return 3;
    } catch (...) {
        std::cerr << "itsb: internal error\n";
        return 3;
    }
}
