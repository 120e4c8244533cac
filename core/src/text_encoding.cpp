#include "citytwin/core/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <vector>

namespace citytwin::core {

namespace fs = std::filesystem;

bool isValidUtf8(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        std::uint32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            cp = c & 0x07u;
        } else {
            return false;  // continuation byte first, overlong lead (C0, C1) or beyond U+10FFFF (F5..FF)
        }
        if (i + static_cast<std::size_t>(extra) >= n) return false;  // cut off at the end
        for (int k = 1; k <= extra; ++k) {
            const auto d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((d & 0xC0u) != 0x80u) return false;
            cp = (cp << 6) | (d & 0x3Fu);
        }
        // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are not UTF-8 (RFC 3629, section
        // 3).
        if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

bool isKnownEncoding(const std::string& name) {
    if (name.empty()) return false;
    iconv_t cd = ::iconv_open("UTF-8", name.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    ::iconv_close(cd);
    return true;
}

std::optional<std::string> recodeToUtf8(std::string_view bytes, const std::string& encoding) {
    iconv_t cd = ::iconv_open("UTF-8", encoding.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out;
    std::vector<char> in(bytes.begin(), bytes.end());
    char* inPtr = in.data();
    std::size_t inLeft = in.size();
    std::vector<char> buf(4 * bytes.size() + 16);
    bool ok = true;
    while (inLeft > 0) {
        char* outPtr = buf.data();
        std::size_t outLeft = buf.size();
        const std::size_t rc = ::iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft);
        out.append(buf.data(), buf.size() - outLeft);
        if (rc == static_cast<std::size_t>(-1)) {
            if (errno == E2BIG) continue;
            ok = false;  // EILSEQ (not valid in this encoding) or EINVAL (cut off at the end)
            break;
        }
    }
    if (ok) {
        // Flush the shift state of stateful encodings.
        char* outPtr = buf.data();
        std::size_t outLeft = buf.size();
        if (::iconv(cd, nullptr, nullptr, &outPtr, &outLeft) == static_cast<std::size_t>(-1))
            ok = false;
        else
            out.append(buf.data(), buf.size() - outLeft);
    }
    ::iconv_close(cd);
    if (!ok) return std::nullopt;
    return out;
}

namespace {

bool siblingExists(const fs::path& base, const char* lowerExt, const char* upperExt,
                   fs::path* found = nullptr) {
    std::error_code ec;
    for (const char* ext : {lowerExt, upperExt}) {
        fs::path p = base;
        p.replace_extension(ext);
        if (fs::exists(p, ec)) {
            if (found) *found = p;
            return true;
        }
    }
    return false;
}

std::uint32_t le32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint16_t le16(const unsigned char* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

}  // namespace

ShapefileEncoding detectShapefileEncoding(const std::string& path) {
    ShapefileEncoding out;
    const fs::path base(path);
    fs::path cpg, dbf;
    if (siblingExists(base, ".cpg", ".CPG", &cpg)) {
        out.reason = "declared by " + cpg.filename().string();
        return out;
    }
    if (!siblingExists(base, ".dbf", ".DBF", &dbf)) {
        out.reason = "no .dbf file";
        return out;
    }
    std::ifstream in(dbf, std::ios::binary);
    unsigned char head[32];
    if (!in.read(reinterpret_cast<char*>(head), sizeof head)) {
        out.reason = "unreadable .dbf header";
        return out;
    }
    // dBASE III header: record count at 4, header length at 8, record length at 10, language driver id at 29.
    if (head[29] != 0) {
        out.reason = "declared by the language driver id of " + dbf.filename().string();
        return out;
    }
    const std::uint32_t records = le32(head + 4);
    const std::uint16_t headerLength = le16(head + 8);
    const std::uint16_t recordLength = le16(head + 10);
    if (headerLength < 33 || recordLength < 1) {
        out.reason = "malformed .dbf header";
        return out;
    }
    std::vector<unsigned char> header(headerLength);
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(header.data()), headerLength)) {
        out.reason = "truncated .dbf header";
        return out;
    }
    // Field descriptors: 32 bytes each from offset 32 up to the 0x0D terminator: name (11 bytes, NUL padded),
    // type, 4 reserved bytes, length, decimal count.
    std::string
        text;  // every name and text value, separated by a newline (ASCII, so it cannot join sequences)
    std::vector<std::pair<std::size_t, std::size_t>> textFields;  // offset in the record, length
    std::size_t offset = 1;                                       // after the deletion flag
    for (std::size_t p = 32; p + 32 <= header.size() && header[p] != 0x0D; p += 32) {
        std::size_t nameLength = 0;
        while (nameLength < 11 && header[p + nameLength] != 0)
            ++nameLength;
        text.append(reinterpret_cast<const char*>(&header[p]), nameLength);
        text += '\n';
        const std::size_t length = header[p + 16];
        if (header[p + 11] == 'C') textFields.emplace_back(offset, length);
        offset += length;
    }
    std::vector<char> record(recordLength);
    const std::uint32_t limit = std::min<std::uint32_t>(records, 20000);
    in.seekg(headerLength);
    for (std::uint32_t r = 0; r < limit; ++r) {
        if (!in.read(record.data(), recordLength)) break;
        for (const auto& [o, n] : textFields) {
            if (o + n > record.size()) continue;
            std::size_t len = n;
            while (len > 0 && (record[o + len - 1] == ' ' || record[o + len - 1] == '\0'))
                --len;
            text.append(&record[o], len);
            text += '\n';
        }
    }
    bool ascii = true;
    for (char c : text)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        out.reason = "ASCII text only";
        return out;
    }
    // Each value is checked separately: a value cut inside a multi-byte character (DBF fields have a fixed
    // byte length) would otherwise hide among valid ones. Newlines separate the values in `text`.
    auto allValid = [&](const auto& valid) {
        std::size_t start = 0;
        while (start <= text.size()) {
            const std::size_t end = text.find('\n', start);
            const std::string_view v(text.data() + start,
                                     (end == std::string::npos ? text.size() : end) - start);
            if (!valid(v)) return false;
            if (end == std::string::npos) break;
            start = end + 1;
        }
        return true;
    };
    if (allValid([](std::string_view v) { return isValidUtf8(v); })) {
        out.encoding = "UTF-8";
        out.reason = "detected: no .cpg file and the text is valid UTF-8";
        return out;
    }
    if (allValid([](std::string_view v) { return recodeToUtf8(v, "CP949").has_value(); })) {
        out.encoding = "CP949";
        out.reason = "detected: no .cpg file and the text is valid CP949 (EUC-KR), not UTF-8";
        return out;
    }
    out.reason = "no .cpg file and the text is neither UTF-8 nor CP949";
    return out;
}

}  // namespace citytwin::core
