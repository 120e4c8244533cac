#pragma once
/// @file text_encoding.h
/// Character encodings of input text: UTF-8 checks, recoding legacy encodings (CP949/EUC-KR, ...) to UTF-8
/// and guessing the encoding of a Shapefile's attribute table (.dbf) that does not declare one. Thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "citytwin/core/export.h"

namespace citytwin::core {

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
CITYTWIN_CORE_API bool isValidUtf8(std::string_view text);

/// True when the system's converter (iconv) knows the encoding name ("CP949", "EUC-KR", "UTF-8", "LATIN1",
/// ...).
CITYTWIN_CORE_API bool isKnownEncoding(const std::string& name);

/// `bytes` in `encoding` as UTF-8; nullopt when the bytes are not valid in that encoding or the encoding is
/// unknown (strict: nothing is replaced or dropped).
CITYTWIN_CORE_API std::optional<std::string> recodeToUtf8(std::string_view bytes,
                                                          const std::string& encoding);

/// How the text of a Shapefile's attribute table is to be read.
struct ShapefileEncoding {
    /// The encoding to read the .dbf with ("UTF-8", "CP949", ...); empty when the file declares its own (a
    /// .cpg file or a language driver id in the .dbf header) or holds only ASCII text, so that GDAL's own
    /// choice stands.
    std::string encoding;
    /// Why: "declared by k.cpg", "detected: the text is valid CP949, not UTF-8", ... for the import report.
    std::string reason;
};

/// Looks at a Shapefile's .dbf (beside `shpOrDbfPath`) and says which encoding its text is in when the file
/// does not declare one: UTF-8 when every text field is valid UTF-8, else CP949 (a superset of EUC-KR, the
/// encoding of Korean public data) when every text field is valid CP949. Reads at most the first 20,000
/// records. Returns an empty encoding (GDAL decides) for files that declare theirs, are pure ASCII, cannot be
/// read, or fit neither.
CITYTWIN_CORE_API ShapefileEncoding detectShapefileEncoding(const std::string& shpOrDbfPath);

}  // namespace citytwin::core
