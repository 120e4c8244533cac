// A plug-in whose simulator's constructor throws: the host must refuse it and carry on.
#include <stdexcept>

#include "citytwin/sdk/sdk.h"

namespace {
class Exploding : public citytwin::sdk::Simulator {
public:
    Exploding() { throw std::runtime_error("constructor exploded"); }
    citytwin::sdk::Description describe() const override { return {}; }
    citytwin::sdk::Outcome run(const citytwin::core::CityModel&, const citytwin::sdk::ParameterSet&,
                               citytwin::sdk::RunContext&) const override {
        return citytwin::sdk::Outcome::Completed;
    }
};
}  // namespace

CITYTWIN_PLUGIN(Exploding)
