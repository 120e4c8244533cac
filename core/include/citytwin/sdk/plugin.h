#pragma once
/// @file plugin.h
/// The module boundary. A plug-in is a shared module exporting one `extern "C"` function,
/// `citytwin_plugin_entry`, that returns a versioned table of noexcept functions. CITYTWIN_PLUGIN(Class)
/// writes it: every call into the simulator is wrapped so that no exception crosses the boundary.
///
///     #include "citytwin/sdk/sdk.h"
///     class MySimulator : public citytwin::sdk::Simulator { ... };
///     CITYTWIN_PLUGIN(MySimulator)

#include <cstdint>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/sdk/simulator.h"
#include "citytwin/sdk/version.h"

/// "CTPL": marks a CityTwin plug-in table.
#define CITYTWIN_PLUGIN_MAGIC 0x4354504Cu
/// Name of the exported entry point.
#define CITYTWIN_PLUGIN_ENTRY_NAME "citytwin_plugin_entry"

extern "C" {

/// Outcome of a call across the boundary.
enum CtStatusCode { CT_OK = 0, CT_FAILED = 1, CT_CANCELLED = 2 };

/// Status filled in by every call: a code, the failure class (citytwin::core::ErrorCode as int) and a
/// message.
struct CtStatus {
    int code;
    int errorCode;
    char message[2048];
};

/// The table a plug-in exports (unchanged in layout since SDK 1; what the types behind the pointers mean is
/// versioned by CITYTWIN_SDK_VERSION). The first three members never change, so that a host can read the
/// version of any plug-in before trusting the rest.
struct CityTwinPluginV1 {
    std::uint32_t magic;       ///< CITYTWIN_PLUGIN_MAGIC
    std::uint32_t sdkVersion;  ///< CITYTWIN_SDK_VERSION the module was built with
    const char* abiTag;        ///< CITYTWIN_SDK_ABI_TAG of the module's build
    /// Creates the simulator; returns null on failure (status says why).
    void* (*create)(CtStatus* status);
    void (*destroy)(void* simulator);
    int (*describe)(const void* simulator, citytwin::sdk::Description* out, CtStatus* status);
    int (*validate)(const void* simulator, const citytwin::core::CityModel* model,
                    const citytwin::sdk::ParameterSet* params, std::vector<citytwin::sdk::Problem>* out,
                    CtStatus* status);
    int (*run)(const void* simulator, const citytwin::core::CityModel* model,
               const citytwin::sdk::ParameterSet* params, citytwin::sdk::RunContext* context,
               CtStatus* status);
    /// SDK 4. Null in a hand-made table: no previews.
    int (*preview)(const void* simulator, const citytwin::sdk::ParameterSet* params,
                   std::vector<citytwin::sdk::Preview>* out, CtStatus* status);
};

/// Signature of the entry point.
typedef const CityTwinPluginV1* (*CityTwinPluginEntry)(void);
}

namespace citytwin::sdk::detail {

inline void setStatus(CtStatus* s, int code, int errorCode, const char* message) noexcept {
    if (!s) return;
    s->code = code;
    s->errorCode = errorCode;
    std::snprintf(s->message, sizeof s->message, "%s", message ? message : "");
}

/// Runs f, turning any exception into a status.
template <class F>
int guarded(CtStatus* status, F&& f) noexcept {
    try {
        setStatus(status, CT_OK, 0, "");
        return f();
    } catch (const citytwin::core::Error& e) {
        setStatus(status, e.code() == citytwin::core::ErrorCode::Cancelled ? CT_CANCELLED : CT_FAILED,
                  static_cast<int>(e.code()), e.what());
    } catch (const std::bad_alloc&) {
        setStatus(status, CT_FAILED, static_cast<int>(citytwin::core::ErrorCode::Simulation),
                  "out of memory");
    } catch (const std::exception& e) {
        setStatus(status, CT_FAILED, static_cast<int>(citytwin::core::ErrorCode::Simulation), e.what());
    } catch (...) {
        setStatus(status, CT_FAILED, static_cast<int>(citytwin::core::ErrorCode::Simulation),
                  "unknown exception in the plug-in");
    }
    return status ? status->code : CT_FAILED;
}

template <class T>
const CityTwinPluginV1* pluginTable() noexcept {
    static const CityTwinPluginV1 table = {
        CITYTWIN_PLUGIN_MAGIC,
        CITYTWIN_SDK_VERSION,
        CITYTWIN_SDK_ABI_TAG,
        [](CtStatus* status) -> void* {
            void* sim = nullptr;
            guarded(status, [&] {
                sim = new T();
                return CT_OK;
            });
            return sim;
        },
        [](void* sim) { delete static_cast<T*>(sim); },
        [](const void* sim, Description* out, CtStatus* status) {
            return guarded(status, [&] {
                *out = static_cast<const T*>(sim)->describe();
                return CT_OK;
            });
        },
        [](const void* sim, const core::CityModel* model, const ParameterSet* params,
           std::vector<Problem>* out, CtStatus* status) {
            return guarded(status, [&] {
                *out = static_cast<const T*>(sim)->validate(*model, *params);
                return CT_OK;
            });
        },
        [](const void* sim, const core::CityModel* model, const ParameterSet* params, RunContext* context,
           CtStatus* status) {
            return guarded(status, [&] {
                // The simulator says whether it honoured a cancel; a set flag alone proves nothing.
                const Outcome outcome = static_cast<const T*>(sim)->run(*model, *params, *context);
                return outcome == Outcome::Cancelled ? CT_CANCELLED : CT_OK;
            });
        },
        [](const void* sim, const ParameterSet* params, std::vector<Preview>* out, CtStatus* status) {
            return guarded(status, [&] {
                *out = static_cast<const T*>(sim)->preview(*params);
                return CT_OK;
            });
        },
    };
    return &table;
}

}  // namespace citytwin::sdk::detail

#define CITYTWIN_PLUGIN(SimulatorClass)                                                                 \
    extern "C" __attribute__((visibility("default"))) const CityTwinPluginV1* citytwin_plugin_entry() { \
        return ::citytwin::sdk::detail::pluginTable<SimulatorClass>();                                  \
    }
