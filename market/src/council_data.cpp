#include "itsb/market/council_data.hpp"

#include "embedded_tables.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace itsb::market {

namespace {

//! A CSV table: its header and rows, fields unquoted (RFC 4180: quotes around a field, "" inside).
struct Table {
    std::string name;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    [[noreturn]] void fail(std::size_t row, const std::string& what) const {
        throw std::runtime_error("market/data/" + name + ".csv line " + std::to_string(row + 2) + ": " + what);
    }
    std::size_t column(const std::string& key) const {
        const auto it = std::find(header.begin(), header.end(), key);
        if (it == header.end())
            throw std::runtime_error("market/data/" + name + ".csv: no column " + key);
        return static_cast<std::size_t>(it - header.begin());
    }
    double number(std::size_t row, std::size_t column) const {
        const std::string& text = rows[row].at(column);
        double value = 0.0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error != std::errc() || end != text.data() + text.size())
            fail(row, "\"" + text + "\" in column " + header[column] + " is not a number");
        return value;
    }
};

std::vector<std::string> splitLine(std::string_view line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

Table parseTable(std::string name, std::string_view text) {
    Table table;
    table.name = std::move(name);
    std::size_t start = 0;
    bool first = true;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (line.empty()) continue;
        auto fields = splitLine(line);
        if (first) {
            table.header = std::move(fields);
            first = false;
            continue;
        }
        if (fields.size() != table.header.size())
            table.fail(table.rows.size(), std::to_string(fields.size()) + " fields, the header has " +
                                              std::to_string(table.header.size()));
        table.rows.push_back(std::move(fields));
    }
    if (first) throw std::runtime_error("market/data/" + table.name + ".csv is empty");
    return table;
}

std::optional<CouncilType> councilType(std::string_view text) {
    for (auto type : {CouncilType::County, CouncilType::District, CouncilType::Unitary, CouncilType::MetropolitanDistrict,
                      CouncilType::LondonBorough, CouncilType::CityOfLondon})
        if (name(type) == text) return type;
    return std::nullopt;
}

}  // namespace

std::string_view name(CouncilType type) {
    switch (type) {
        case CouncilType::County: return "county";
        case CouncilType::District: return "district";
        case CouncilType::Unitary: return "unitary";
        case CouncilType::MetropolitanDistrict: return "metropolitan_district";
        case CouncilType::LondonBorough: return "london_borough";
        case CouncilType::CityOfLondon: return "city_of_london";
    }
    return "?";
}

const CouncilData& CouncilData::builtIn() {
    static const CouncilData data =
        parse(detail::embeddedTable("councils"), detail::embeddedTable("neighbours"),
              detail::embeddedTable("addressable_spend"), detail::embeddedTable("saving_rates"));
    return data;
}

CouncilData CouncilData::parse(std::string_view councilsText, std::string_view neighboursText,
                               std::string_view addressableText, std::string_view ratesText) {
    CouncilData out;
    const Table councils = parseTable("councils", councilsText);
    const std::size_t cGss = councils.column("gss"), cName = councils.column("name"), cType = councils.column("type"),
                      cRegion = councils.column("region"), cCounty = councils.column("county_gss"),
                      cPopulation = councils.column("population"), cArea = councils.column("area_km2"),
                      cLat = councils.column("lat"), cLong = councils.column("long"),
                      cImd = councils.column("imd_quintile"), cRural = councils.column("rural_urban");
    for (std::size_t r = 0; r < councils.rows.size(); ++r) {
        const auto& row = councils.rows[r];
        Council c;
        c.gss = row[cGss];
        c.name = row[cName];
        const auto type = councilType(row[cType]);
        if (!type) councils.fail(r, "unknown council type \"" + row[cType] + "\"");
        c.type = *type;
        c.region = row[cRegion];
        c.countyGss = row[cCounty];
        c.population = static_cast<long long>(councils.number(r, cPopulation));
        c.areaKm2 = councils.number(r, cArea);
        c.latitude = councils.number(r, cLat);
        c.longitude = councils.number(r, cLong);
        c.imdQuintile = row[cImd].empty() ? 0 : static_cast<int>(councils.number(r, cImd));
        c.ruralUrban = row[cRural];
        if (!out.index_.emplace(c.gss, out.councils_.size()).second) councils.fail(r, "council " + c.gss + " twice");
        out.councils_.push_back(std::move(c));
    }

    out.neighbours_.assign(out.councils_.size(), {});
    const Table neighbours = parseTable("neighbours", neighboursText);
    const std::size_t nA = neighbours.column("gss_a"), nB = neighbours.column("gss_b"), nKind = neighbours.column("kind");
    for (std::size_t r = 0; r < neighbours.rows.size(); ++r) {
        const auto& row = neighbours.rows[r];
        const auto a = out.find(row[nA]), b = out.find(row[nB]);
        if (!a || !b) neighbours.fail(r, "a council not in councils.csv");
        if (row[nKind] != "boundary" && row[nKind] != "nearby") neighbours.fail(r, "unknown kind \"" + row[nKind] + "\"");
        const Adjacency kind = row[nKind] == "boundary" ? Adjacency::Boundary : Adjacency::Nearby;
        out.neighbours_[*a].push_back({*b, kind});
        out.neighbours_[*b].push_back({*a, kind});
    }
    for (auto& list : out.neighbours_)
        std::sort(list.begin(), list.end(), [&](const Neighbour& x, const Neighbour& y) {
            if (x.kind != y.kind) return x.kind == Adjacency::Boundary;
            return out.councils_[x.council].gss < out.councils_[y.council].gss;
        });

    const Table addressable = parseTable("addressable_spend", addressableText);
    const std::size_t aGss = addressable.column("gss");
    for (std::size_t col = 0; col < addressable.header.size(); ++col)
        if (col != aGss) out.services_.push_back(addressable.header[col]);
    out.addressable_.assign(out.councils_.size(), std::vector<double>(out.services_.size(), 0.0));
    std::vector<bool> seen(out.councils_.size(), false);
    for (std::size_t r = 0; r < addressable.rows.size(); ++r) {
        const auto council = out.find(addressable.rows[r][aGss]);
        if (!council) addressable.fail(r, "a council not in councils.csv");
        seen[*council] = true;
        std::size_t s = 0;
        for (std::size_t col = 0; col < addressable.header.size(); ++col)
            if (col != aGss) out.addressable_[*council][s++] = addressable.number(r, col);
    }
    if (std::find(seen.begin(), seen.end(), false) != seen.end())
        throw std::runtime_error("market/data/addressable_spend.csv: a council has no row");

    const Table rates = parseTable("saving_rates", ratesText);
    const std::size_t rService = rates.column("service"), rCase = rates.column("scenario"),
                      rSize = rates.column("group_size"), rRate = rates.column("rate");
    for (std::size_t r = 0; r < rates.rows.size(); ++r) {
        const auto& row = rates.rows[r];
        auto& byCase = row[rCase] == "likely" ? out.likely_ : row[rCase] == "best" ? out.best_ : out.likely_;
        if (row[rCase] != "likely" && row[rCase] != "best") rates.fail(r, "unknown scenario \"" + row[rCase] + "\"");
        const auto size = static_cast<std::size_t>(rates.number(r, rSize));
        auto& list = byCase[row[rService]];
        if (list.size() <= size) list.resize(size + 1, -1.0);
        list[size] = rates.number(r, rRate);
    }
    return out;
}

std::optional<std::size_t> CouncilData::find(std::string_view gss) const {
    const auto it = index_.find(gss);
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

double CouncilData::addressableSpend(std::size_t council, std::string_view service) const {
    const auto it = std::find(services_.begin(), services_.end(), service);
    if (it == services_.end()) throw std::out_of_range("no service " + std::string(service));
    return addressable_.at(council).at(static_cast<std::size_t>(it - services_.begin()));
}

std::optional<double> CouncilData::savingRate(std::string_view service, RateCase rateCase, std::size_t groupSize) const {
    const auto& byService = rateCase == RateCase::Likely ? likely_ : best_;
    const auto it = byService.find(service);
    if (it == byService.end() || groupSize >= it->second.size() || it->second[groupSize] < 0.0) return std::nullopt;
    return it->second[groupSize];
}

}  // namespace itsb::market
