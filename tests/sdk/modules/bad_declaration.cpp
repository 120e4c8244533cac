// A plug-in with broken declarations (bad ids, a default out of range): refused with the reasons.
#include "citytwin/sdk/sdk.h"

namespace {
class BadDeclaration : public citytwin::sdk::Simulator {
public:
    citytwin::sdk::Description describe() const override {
        citytwin::sdk::Description d;
        d.info = {"Bad Id", "Bad", "1", "", {}};
        d.parameters = {{"rain",
                         "Rain",
                         "",
                         citytwin::sdk::ParamType::Real,
                         "mm/h",
                         5000.0,
                         0.0,
                         1000.0,
                         {},
                         "",
                         "",
                         false}};
        return d;
    }
    void run(const citytwin::core::CityModel&, const citytwin::sdk::ParameterSet&,
             citytwin::sdk::RunContext&) const override {}
};
}  // namespace

CITYTWIN_PLUGIN(BadDeclaration)
