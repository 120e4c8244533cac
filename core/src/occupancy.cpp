// Building occupancy from attributes and a table of rates by use.

#include "citytwin/core/occupancy.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "citytwin/core/data_dir.h"
#include "citytwin/core/error.h"
#include "text_util.h"

namespace citytwin::core {

namespace {

constexpr BuildingUse kUses[] = {BuildingUse::Residential, BuildingUse::Office,    BuildingUse::Retail,
                                 BuildingUse::Hotel,       BuildingUse::Education, BuildingUse::Hospital,
                                 BuildingUse::Industrial,  BuildingUse::Other};

}  // namespace

const char* toString(BuildingUse use) {
    switch (use) {
        case BuildingUse::Residential:
            return "residential";
        case BuildingUse::Office:
            return "office";
        case BuildingUse::Retail:
            return "retail";
        case BuildingUse::Hotel:
            return "hotel";
        case BuildingUse::Education:
            return "education";
        case BuildingUse::Hospital:
            return "hospital";
        case BuildingUse::Industrial:
            return "industrial";
        case BuildingUse::Other:
            return "other";
    }
    return "other";
}

bool parseBuildingUse(const std::string& text, BuildingUse& out) {
    for (BuildingUse u : kUses)
        if (text == toString(u)) {
            out = u;
            return true;
        }
    return false;
}

BuildingUse classifyUse(const std::string& tag, BuildingUse fallback) {
    // "yes;apartments": the first value that says more than "yes".
    std::string value;
    std::istringstream parts(detail::lower(tag));
    for (std::string part; std::getline(parts, part, ';');) {
        part = detail::trim(part);
        if (!part.empty() && part != "yes") {
            value = part;
            break;
        }
    }
    static const std::map<std::string, BuildingUse> uses = {
        {"residential", BuildingUse::Residential}, {"apartments", BuildingUse::Residential},
        {"house", BuildingUse::Residential},       {"detached", BuildingUse::Residential},
        {"semidetached_house", BuildingUse::Residential}, {"terrace", BuildingUse::Residential},
        {"dormitory", BuildingUse::Residential},   {"bungalow", BuildingUse::Residential},
        {"officetel", BuildingUse::Residential},  // Korean officetels are mostly lived in
        {"office", BuildingUse::Office},           {"commercial", BuildingUse::Office},
        {"public", BuildingUse::Office},           {"civic", BuildingUse::Office},
        {"government", BuildingUse::Office},       {"townhall", BuildingUse::Office},
        {"retail", BuildingUse::Retail},           {"supermarket", BuildingUse::Retail},
        {"kiosk", BuildingUse::Retail},            {"mall", BuildingUse::Retail},
        {"department_store", BuildingUse::Retail}, {"marketplace", BuildingUse::Retail},
        {"hotel", BuildingUse::Hotel},             {"motel", BuildingUse::Hotel},
        {"school", BuildingUse::Education},        {"kindergarten", BuildingUse::Education},
        {"university", BuildingUse::Education},    {"college", BuildingUse::Education},
        {"hospital", BuildingUse::Hospital},       {"clinic", BuildingUse::Hospital},
        {"industrial", BuildingUse::Industrial},   {"warehouse", BuildingUse::Industrial},
        {"factory", BuildingUse::Industrial},      {"church", BuildingUse::Other},
        {"temple", BuildingUse::Other},            {"religious", BuildingUse::Other},
        {"train_station", BuildingUse::Other},     {"transportation", BuildingUse::Other},
        {"parking", BuildingUse::Other},           {"parkingbuilding", BuildingUse::Other},
        {"garage", BuildingUse::Other},            {"garages", BuildingUse::Other},
        {"roof", BuildingUse::Other},              {"construction", BuildingUse::Other},
        {"service", BuildingUse::Other},           {"shed", BuildingUse::Other},
        {"carport", BuildingUse::Other},
        // Korean building register (건축물대장) main uses.
        {"공동주택", BuildingUse::Residential},    {"단독주택", BuildingUse::Residential},
        {"아파트", BuildingUse::Residential},      {"업무시설", BuildingUse::Office},
        {"판매시설", BuildingUse::Retail},         {"제1종근린생활시설", BuildingUse::Retail},
        {"제2종근린생활시설", BuildingUse::Retail}, {"근린생활시설", BuildingUse::Retail},
        {"숙박시설", BuildingUse::Hotel},          {"교육연구시설", BuildingUse::Education},
        {"의료시설", BuildingUse::Hospital},       {"공장", BuildingUse::Industrial},
        {"창고시설", BuildingUse::Industrial},
    };
    const auto it = uses.find(value);
    return it != uses.end() ? it->second : fallback;
}

OccupancyRules readOccupancyRules(const std::string& file) {
    std::ifstream in(file);
    if (!in) throw fileError(ErrorCode::FileNotFound, file, "cannot open the occupancy table");
    OccupancyRules rules;
    rules.file = file;
    std::string line;
    int lineNo = 0;
    bool header = false;
    auto fail = [&](const std::string& what) {
        throw fileError(ErrorCode::FileFormat, file, "line " + std::to_string(lineNo) + ": " + what);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        line = detail::trim(line);
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, ',');)
            cols.push_back(detail::trim(c));
        if (!header) {
            if (cols != std::vector<std::string>{"use", "gfa_m2_per_household", "persons_per_household",
                                                 "gfa_m2_per_job", "daily_trip_ends_per_100m2"})
                fail("the header must be use,gfa_m2_per_household,persons_per_household,gfa_m2_per_job,"
                     "daily_trip_ends_per_100m2");
            header = true;
            continue;
        }
        if (cols.size() != 5) fail("expected 5 columns, got " + std::to_string(cols.size()));
        BuildingUse use{};
        if (!parseBuildingUse(cols[0], use)) fail("column 1: unknown use '" + cols[0] + "'");
        if (rules.rates.count(use)) fail("column 1: the use '" + cols[0] + "' is given twice");
        double v[4];
        for (int k = 0; k < 4; ++k) {
            char* end = nullptr;
            v[k] = std::strtod(cols[static_cast<std::size_t>(k + 1)].c_str(), &end);
            if (cols[static_cast<std::size_t>(k + 1)].empty() || *end != '\0' || !std::isfinite(v[k]) || v[k] < 0)
                fail("column " + std::to_string(k + 2) + ": '" + cols[static_cast<std::size_t>(k + 1)] +
                     "' is not a number >= 0");
        }
        if ((v[0] > 0) != (v[1] > 0))
            fail("a home size needs persons per household and the other way round (columns 2 and 3)");
        rules.rates[use] = UseRates{v[0], v[1], v[2], v[3]};
    }
    if (!header) throw fileError(ErrorCode::FileFormat, file, "no header line");
    for (BuildingUse u : kUses)
        if (!rules.rates.count(u))
            throw fileError(ErrorCode::FileFormat, file, std::string("no row for the use '") + toString(u) + "'");
    return rules;
}

OccupancyRules defaultOccupancyRules() {
    return readOccupancyRules(dataDirectory() + "/occupancy/occupancy_rules.csv");
}

std::vector<Occupancy> estimateOccupancy(const CityModel& model, const OccupancyRules& rules,
                                         const OccupancyOptions& options) {
    if (!(options.storeyHeightM > 0) || !std::isfinite(options.storeyHeightM))
        throw Error(ErrorCode::Validation, "the storey height must be a positive number", {{}, {}, "storey_height_m"});
    std::vector<int> fields;
    for (const char* name : {"building", "amenity", "use", "usage", "주용도"}) {
        const int f = model.buildingFields.indexOf(name);
        if (f >= 0) fields.push_back(f);
    }
    std::vector<Occupancy> out;
    out.reserve(model.buildings.size());
    for (const Building& b : model.buildings) {
        Occupancy o;
        o.use = options.defaultUse;
        for (int f : fields) {
            if (static_cast<std::size_t>(f) >= b.attributes.size()) continue;
            const std::string tag = toText(b.attributes[static_cast<std::size_t>(f)]);
            constexpr auto none = static_cast<BuildingUse>(255);
            const BuildingUse u = classifyUse(tag, none);
            if (u != none) {
                o.use = u;
                break;
            }
        }
        o.floors = std::isfinite(b.levels) && b.levels > 0 ? b.levels
                                                            : std::max(1.0, std::round(b.heightM / options.storeyHeightM));
        o.floorAreaM2 = area(b.footprint) * o.floors;
        const UseRates& r = rules.rates.at(o.use);
        if (r.gfaPerHouseholdM2 > 0) {
            o.households = o.floorAreaM2 / r.gfaPerHouseholdM2;
            o.residents = o.households * r.personsPerHousehold;
        }
        if (r.gfaPerJobM2 > 0) o.jobs = o.floorAreaM2 / r.gfaPerJobM2;
        o.dailyTripEnds = o.floorAreaM2 / 100.0 * r.dailyTripEndsPer100M2;
        out.push_back(o);
    }
    return out;
}

}  // namespace citytwin::core
