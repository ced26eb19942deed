#pragma once
// Distances between councils, from the coordinates of the register (WGS84 latitude/longitude).

namespace itsb::market {

//! The mean radius of the Earth (IUGG), km.
inline constexpr double kEarthRadiusKm = 6371.0088;

//! Great-circle distance in km between two points given in degrees, by the haversine formula on
//! a sphere of radius kEarthRadiusKm (within about 0.5 % of the ellipsoidal distance).
double greatCircleKm(double latitude1, double longitude1, double latitude2, double longitude2);

}  // namespace itsb::market
