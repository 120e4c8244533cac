// A deliberately broken plug-in: well declared, it works, but never looks at the cancel flag. It keeps working
// for up to 20 s (reporting progress) and says it completed. The conformance suite's cancel check must fail on
// it (tests/sdk/conformance_test.cpp proves that), which is what makes the check worth trusting.

#include <chrono>
#include <thread>

#include "citytwin/sdk/sdk.h"

namespace {

using namespace citytwin;

struct Params {
    sdk::ParamList list;
    sdk::RealParam seconds = list.real("seconds").label("Work time").help("How long it works, ignoring cancel.")
                                 .unit("s").range({0.0, 20.0}).byDefault(20.0);
};
struct Outputs {
    sdk::OutputList list;
    sdk::ScalarOutput worked = list.scalar("worked_s").label("Time worked").unit("s").description("How long it worked.");
};
const Params& P() {
    static const Params p;
    return p;
}
const Outputs& O() {
    static const Outputs o;
    return o;
}

class IgnoresCancel : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info = {"ignores_cancel", "Ignores cancel (broken on purpose)", "1.0.0",
                  "A test plug-in that never checks the cancel flag.", {}};
        d.parameters = P().list.declarations();
        d.outputs = O().list.declarations();
        return d;
    }
    sdk::Outcome run(const core::CityModel&, const sdk::ParameterSet& p, sdk::RunContext& ctx) const override {
        const auto t0 = std::chrono::steady_clock::now();
        const double seconds = p[P().seconds];
        double s = 0.0;
        while (s < seconds) {  // no ctx.isCancelled() here, on purpose
            ctx.progress(s / std::max(seconds, 1e-9), "working regardless");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        ctx.output(O().worked, s);
        return sdk::Outcome::Completed;
    }
};

}  // namespace

CITYTWIN_PLUGIN(IgnoresCancel)
