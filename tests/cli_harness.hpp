#pragma once
// Running `itsb` from tests: in-process through itsb::cli::run, or as the real binary
// through a shell (for environment variables such as LC_ALL).

#include "itsb/cli/app.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace itsb::test {

struct CliResult {
    int code = 0;
    std::string out;
    std::string err;
};

inline CliResult runCli(const std::vector<std::string>& args, const std::string& input = "") {
    std::istringstream in(input);
    std::ostringstream out, err;
    CliResult r;
    r.code = cli::run(args, in, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

//! Runs a shell command line; returns (exit code, standard output).
inline std::pair<int, std::string> runShell(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return {-1, ""};
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

inline std::string readFile(const std::filesystem::path& path) {
    std::ifstream stream(path, std::ios::binary);
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

inline std::filesystem::path sourcePath(const std::string& relative) {
    return std::filesystem::path(ITSB_SOURCE_DIR) / relative;
}

//! The example inputs, examples/*.json, in name order.
inline std::vector<std::filesystem::path> exampleInputs() {
    std::vector<std::filesystem::path> inputs;
    for (const auto& entry : std::filesystem::directory_iterator(sourcePath("examples")))
        if (entry.path().extension() == ".json") inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    return inputs;
}

//! A fresh empty folder, removed with its contents when the object goes.
class TempDir {
  public:
    TempDir() {
        std::random_device device;
        path_ = std::filesystem::temp_directory_path() / ("itsb-test-" + std::to_string(device()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

}  // namespace itsb::test
