#pragma once
// The councils the market place matches (market/data/README.md): the 317 current English
// principal councils with their place, size and labels, who neighbours whom, what each could
// share (addressable spend by service) and what sharing saves by group size. The tables are
// derived by scripts/derive_council_data.py and compiled in, so nothing is read at run time.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsb::market {

enum class CouncilType { County, District, Unitary, MetropolitanDistrict, LondonBorough, CityOfLondon };

//! "county", "district", "unitary", "metropolitan_district", "london_borough", "city_of_london".
std::string_view name(CouncilType type);

struct Council {
    std::string gss;         //!< ONS code, E07000223
    std::string name;        //!< Adur
    CouncilType type = CouncilType::District;
    std::string region;
    std::string countyGss;   //!< a district's county; empty otherwise
    long long population = 0;  //!< 2020
    double areaKm2 = 0.0;
    double latitude = 0.0, longitude = 0.0;
    int imdQuintile = 0;     //!< deprivation quintile, 1 most deprived (0: none)
    std::string ruralUrban;  //!< market/data/labels.csv
};

enum class Adjacency { Boundary, Nearby };

struct Neighbour {
    std::size_t council = 0;  //!< index into CouncilData::councils
    Adjacency kind = Adjacency::Boundary;
};

//! The default saving rates' two cases (market/data/parameters.json).
enum class RateCase { Likely, Best };

class CouncilData {
  public:
    //! The tables compiled into itsb (market/data at build time).
    static const CouncilData& builtIn();
    //! Parses the tables' CSV texts (councils.csv, neighbours.csv, addressable_spend.csv,
    //! saving_rates.csv). Throws std::runtime_error naming the table, line and problem.
    static CouncilData parse(std::string_view councils, std::string_view neighbours, std::string_view addressable,
                             std::string_view savingRates);

    const std::vector<Council>& councils() const { return councils_; }
    //! The council with this ONS code, or nullopt.
    std::optional<std::size_t> find(std::string_view gss) const;
    //! Its neighbours: boundary ones first, then nearby, each in the order of their codes.
    const std::vector<Neighbour>& neighbours(std::size_t council) const { return neighbours_.at(council); }
    //! Services with an addressable spend, in the table's column order ("back_office", ...).
    const std::vector<std::string>& services() const { return services_; }
    //! Addressable 2017-18 spend (GBP) of a council for a service; throws std::out_of_range for
    //! an unknown service.
    double addressableSpend(std::size_t council, std::string_view service) const;
    //! The share of addressable spend a group of `groupSize` councils saves by sharing `service`;
    //! nullopt when the table has no rate for that size.
    std::optional<double> savingRate(std::string_view service, RateCase rateCase, std::size_t groupSize) const;

  private:
    std::vector<Council> councils_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::vector<std::vector<Neighbour>> neighbours_;
    std::vector<std::string> services_;
    std::vector<std::vector<double>> addressable_;  //!< [council][service]
    std::map<std::string, std::vector<double>, std::less<>> likely_, best_;  //!< [service][size]
};

}  // namespace itsb::market
