#pragma once
// CSV output as data: each command's builder returns named tables; the program writes them to
// one stream or to a folder of files.

#include <string>
#include <vector>

namespace itsb::reports {

//! One CSV table (RFC 4180: comma separated, CRLF-free, quoted where needed).
struct CsvTable {
    std::string name;  //!< file stem: "schedule", "annual", "metrics", ...
    std::string text;
};

//! The tables one after another for a single stream: each preceded by `# NAME`, separated
//! by a blank line.
std::string joinCsv(const std::vector<CsvTable>& tables);

}  // namespace itsb::reports
