#pragma once
// What the market place's tests share: an independent connectivity check of a group on the
// neighbour graph (a plain graph search, not candidates.cpp's enumeration).

#include "itsb/market/council_data.hpp"

#include <cstddef>
#include <set>
#include <vector>

namespace itsb::test {

inline bool connectedOnNeighbours(const market::CouncilData& data, const std::vector<std::size_t>& members) {
    std::set<std::size_t> in(members.begin(), members.end()), reached{members.front()};
    std::vector<std::size_t> stack{members.front()};
    while (!stack.empty()) {
        const std::size_t v = stack.back();
        stack.pop_back();
        for (const auto& n : data.neighbours(v))
            if (in.count(n.council) && reached.insert(n.council).second) stack.push_back(n.council);
    }
    return reached.size() == in.size();
}

}  // namespace itsb::test
