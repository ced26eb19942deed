#pragma once
// Writing reports to files so that a reader never sees half a report: every file is written
// to a temporary sibling and renamed over its target only when complete.

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace itsb::cli {

//! A file that cannot be written (exit code 2: the --output argument is at fault).
class OutputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

//! Writes `content` to `path` atomically. Refuses a directory. Throws OutputError.
void writeFileAtomically(const std::filesystem::path& path, const std::string& content);

//! Makes `path` atomically with `write(temporary)`: `write` fills a fresh temporary file beside
//! `path` (a binary format whose library writes files itself), which is then renamed over `path`.
//! If `write` throws, the temporary is removed and the exception passes on.
void writeFileAtomically(const std::filesystem::path& path, const std::function<void(const std::string&)>& write);

//! Creates an empty temporary file named after `target` (`.NAME.XXXXXX` in its folder).
std::filesystem::path makeTemporary(const std::filesystem::path& target);

//! Writes several files into `folder` (created when missing): every file is first written
//! to a temporary, then all are renamed; on any failure the temporaries are removed.
void writeFilesAtomically(const std::filesystem::path& folder,
                          const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace itsb::cli
