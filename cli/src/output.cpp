#include "itsb/cli/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace itsb::cli {

namespace fs = std::filesystem;

namespace {

//! Creates `dir/.NAME.XXXXXX`, writes `content`, flushes it to disk; returns the temp path.
fs::path writeTemporary(const fs::path& target, const std::string& content) {
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string pattern = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw OutputError("cannot write " + target.string() + ": " + std::strerror(errno));
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            ::unlink(pattern.c_str());
            throw OutputError("cannot write " + target.string() + ": " + std::strerror(error));
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    // Reports are plain files readable like any other the user creates.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0644 & ~mask);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        ::unlink(pattern.c_str());
        throw OutputError("cannot write " + target.string() + ": " + std::strerror(error));
    }
    return pattern;
}

void refuseDirectory(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw OutputError("cannot write " + path.string() + ": it is a directory");
}

}  // namespace

fs::path makeTemporary(const fs::path& target) {
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string pattern = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw OutputError("cannot write " + target.string() + ": " + std::strerror(errno));
    ::close(fd);
    return pattern;
}

void writeFileAtomically(const fs::path& path, const std::function<void(const std::string&)>& write) {
    refuseDirectory(path);
    const fs::path temporary = makeTemporary(path);
    std::error_code ec;
    try {
        write(temporary.string());
    } catch (...) {
        fs::remove(temporary, ec);
        throw;
    }
    // Readable like any other file the user creates (mkstemp made it private).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(temporary.c_str(), 0644 & ~mask);
    fs::rename(temporary, path, ec);
    if (ec) {
        const std::string reason = ec.message();
        fs::remove(temporary, ec);
        throw OutputError("cannot write " + path.string() + ": " + reason);
    }
}

void writeFileAtomically(const fs::path& path, const std::string& content) {
    refuseDirectory(path);
    const fs::path temporary = writeTemporary(path, content);
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw OutputError("cannot write " + path.string() + ": " + ec.message());
    }
}

void writeFilesAtomically(const fs::path& folder, const std::vector<std::pair<std::string, std::string>>& files) {
    std::error_code ec;
    if (!fs::exists(folder, ec)) {
        fs::create_directories(folder, ec);
        if (ec) throw OutputError("cannot create folder " + folder.string() + ": " + ec.message());
    } else if (!fs::is_directory(folder, ec)) {
        throw OutputError("cannot write CSV tables into " + folder.string() + ": it is not a folder");
    }
    std::vector<std::pair<fs::path, fs::path>> written;  // temporary, target
    try {
        for (const auto& [name, content] : files) {
            const fs::path target = folder / name;
            refuseDirectory(target);
            written.emplace_back(writeTemporary(target, content), target);
        }
    } catch (...) {
        for (const auto& [temporary, target] : written) fs::remove(temporary, ec);
        throw;
    }
    for (const auto& [temporary, target] : written) {
        fs::rename(temporary, target, ec);
        if (ec) {
            for (const auto& [t, _] : written) fs::remove(t, ec);
            throw OutputError("cannot write " + target.string() + ": " + ec.message());
        }
    }
}

}  // namespace itsb::cli
