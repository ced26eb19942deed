#pragma once
// Private to scenarios/src: the "did you mean" suggestion for a misspelt input key.

#include <cstddef>
#include <span>
#include <string_view>

namespace itsb::scenarios::detail {

//! The Levenshtein distance: the fewest single-character insertions, deletions and
//! substitutions that turn `a` into `b`.
std::size_t editDistance(std::string_view a, std::string_view b);

//! The first of `candidates` nearest to `word` when it is within two edits, else empty: one or
//! two slips of the keyboard are a typo worth naming, three are more likely a different key.
std::string_view closestMatch(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace itsb::scenarios::detail
