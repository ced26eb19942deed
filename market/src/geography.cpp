#include "itsb/market/geography.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace itsb::market {

double greatCircleKm(double latitude1, double longitude1, double latitude2, double longitude2) {
    const double radians = std::numbers::pi / 180.0;
    const double phi1 = latitude1 * radians, phi2 = latitude2 * radians;
    const double dPhi = (latitude2 - latitude1) * radians, dLambda = (longitude2 - longitude1) * radians;
    const double h = std::sin(dPhi / 2) * std::sin(dPhi / 2) +
                     std::cos(phi1) * std::cos(phi2) * std::sin(dLambda / 2) * std::sin(dLambda / 2);
    return 2.0 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, h)));
}

}  // namespace itsb::market
