#pragma once
/// @file version.h
/// Version of the simulator SDK. A plug-in records the version it was built with; the host refuses a plug-in
/// built for another version, because the C++ types exchanged (city model, parameters, results) may differ.

/// Bump on any change to a type or function a plug-in sees. tests/sdk/sdk_headers.sha256 records a hash of
/// every SDK-visible header for this version; a test fails when the headers change without a bump.
/// 2: typed parameter and output handles, declared drawing (DrawAs), run() returns Outcome, 3D lines, Range.
/// 3: file parameters resolved and recorded by the host (ParamType::File); floating, translucent extrusions
///    (StyleHint::baseAttribute, opacity).
/// 4: OD matrix tables (TableRole::Matrix, StyleHint::matrix), which the host also writes as OMX files;
///    Simulator::preview() (charts of the parameters alone, drawn in the form) and its slot in the plug-in
///    table.
#define CITYTWIN_SDK_VERSION 4

/// C++ standard library ABI of this build. Plug-ins must match the host's, since C++ objects (std::string,
/// std::vector) cross the module boundary. (libstdc++'s C++11 ABI is stable across GCC and Clang versions.)
#if defined(_LIBCPP_VERSION)
#define CITYTWIN_SDK_ABI_TAG "libc++"
#elif defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI
#define CITYTWIN_SDK_ABI_TAG "libstdc++-cxx11"
#else
#define CITYTWIN_SDK_ABI_TAG "libstdc++-pre-cxx11"
#endif
