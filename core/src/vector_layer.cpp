#include "citytwin/core/vector_layer.h"

#include <strings.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace citytwin::core {

namespace {
const AttributeValue kNull{};
}

std::string toText(const AttributeValue& value) {
    if (std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
    if (std::holds_alternative<std::int64_t>(value)) return std::to_string(std::get<std::int64_t>(value));
    if (std::holds_alternative<double>(value)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.10g", std::get<double>(value));
        return buf;
    }
    return {};
}

double toNumber(const AttributeValue& value) {
    if (std::holds_alternative<std::int64_t>(value))
        return static_cast<double>(std::get<std::int64_t>(value));
    if (std::holds_alternative<double>(value)) return std::get<double>(value);
    if (std::holds_alternative<std::string>(value)) {
        const std::string& s = std::get<std::string>(value);
        if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        while (end && *end == ' ')
            ++end;
        if (end && *end == '\0') return d;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

int FieldList::indexOf(const std::string& name) const {
    for (std::size_t i = 0; i < size(); ++i)
        if (strcasecmp((*this)[i].name.c_str(), name.c_str()) == 0) return static_cast<int>(i);
    return -1;
}

int FieldList::ensure(const std::string& name, FieldType type) {
    const int i = indexOf(name);
    if (i >= 0) return i;
    push_back(Field{name, type});
    return static_cast<int>(size()) - 1;
}

const AttributeValue& VectorFeature::attribute(int index) const {
    if (index < 0 || static_cast<std::size_t>(index) >= attributes.size()) return kNull;
    return attributes[static_cast<std::size_t>(index)];
}

const AttributeValue& VectorLayer::value(std::size_t feature, const std::string& field) const {
    return features.at(feature).attribute(fields.indexOf(field));
}

Box VectorLayer::extent() const {
    Box b;
    for (const VectorFeature& f : features) {
        for (const Point& p : f.points)
            b.expand(p);
        for (const LineString& l : f.lines)
            b.expand(bounds(l));
        b.expand(bounds(f.polygons));
    }
    return b;
}

}  // namespace citytwin::core
