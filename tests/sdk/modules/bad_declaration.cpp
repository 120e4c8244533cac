// A plug-in with broken declarations (bad ids, a default out of range): refused with the reasons.
#include "citytwin/sdk/sdk.h"

namespace {
class BadDeclaration : public citytwin::sdk::Simulator {
public:
    citytwin::sdk::Description describe() const override {
        citytwin::sdk::Description d;
        d.info = {"Bad Id", "Bad", "1", "", {}};
        citytwin::sdk::ParamDecl rain;
        rain.id = "rain";
        rain.label = "Rain";
        rain.type = citytwin::sdk::ParamType::Real;
        rain.unit = "mm/h";
        rain.defaultValue = 5000.0;
        rain.range = {0.0, 1000.0};
        d.parameters = {rain};
        return d;
    }
    citytwin::sdk::Outcome run(const citytwin::core::CityModel&, const citytwin::sdk::ParameterSet&,
                               citytwin::sdk::RunContext&) const override {
        return citytwin::sdk::Outcome::Completed;
    }
};
}  // namespace

CITYTWIN_PLUGIN(BadDeclaration)
