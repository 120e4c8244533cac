#include "citytwin/report/strings.h"

#include <fstream>
#include <vector>

#include "citytwin/core/data_dir.h"
#include "citytwin/core/error.h"
#include "citytwin/core/text.h"

namespace citytwin::report {

namespace {

[[noreturn]] void bad(const std::string& path, int line, int column, const std::string& what) {
    throw core::fileError(
        core::ErrorCode::FileFormat, path,
        "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
}

/// Splits one CSV line into fields (RFC 4180 quoting on one line).
std::vector<std::string> splitCsv(const std::string& path, int lineNo, const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false, wasQuoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            if (!fields.back().empty() || wasQuoted)
                bad(path, lineNo, static_cast<int>(fields.size()), "a quote inside an unquoted field");
            quoted = wasQuoted = true;
        } else if (c == ',') {
            fields.emplace_back();
            wasQuoted = false;
        } else {
            if (wasQuoted) bad(path, lineNo, static_cast<int>(fields.size()), "text after a closing quote");
            fields.back() += c;
        }
    }
    if (quoted) bad(path, lineNo, static_cast<int>(fields.size()), "a quote that is not closed");
    return fields;
}

}  // namespace

std::optional<Language> languageFromName(const std::string& name) {
    const std::string n = core::lower(core::trim(name));
    if (n == "en" || n == "english") return Language::English;
    if (n == "ko" || n == "korean" || n == "kr") return Language::Korean;
    return std::nullopt;
}

const char* toString(Language language) {
    return language == Language::Korean ? "ko" : "en";
}

std::string StringTable::defaultPath() {
    return core::dataDirectory() + "/report/strings.csv";
}

StringTable StringTable::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw core::fileError(core::ErrorCode::FileNotFound, path, "cannot open the report's string table");
    StringTable table;
    std::string line;
    int lineNo = 0;
    bool header = false;
    std::map<std::string, int> seen;
    while (std::getline(in, line)) {
        ++lineNo;
        if (lineNo == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (core::trim(line).empty() || line[0] == '#') continue;
        const std::vector<std::string> f = splitCsv(path, lineNo, line);
        if (!header) {
            if (f.size() != 3 || core::trim(f[0]) != "key" || core::trim(f[1]) != "en" ||
                core::trim(f[2]) != "ko")
                bad(path, lineNo, 1, "the header must be \"key,en,ko\", got \"" + line + "\"");
            header = true;
            continue;
        }
        if (f.size() != 3)
            bad(path, lineNo, static_cast<int>(std::min<std::size_t>(f.size(), 4)),
                "expected 3 fields (key, en, ko), got " + std::to_string(f.size()));
        const std::string key = core::trim(f[0]);
        if (key.empty()) bad(path, lineNo, 1, "empty key");
        if (core::trim(f[1]).empty()) bad(path, lineNo, 2, "key '" + key + "' has no English text");
        if (auto it = seen.find(key); it != seen.end())
            bad(path, lineNo, 1, "key '" + key + "' repeats line " + std::to_string(it->second));
        seen[key] = lineNo;
        table.entries_[key] = {core::trim(f[1]), core::trim(f[2])};
    }
    if (!header)
        throw core::fileError(core::ErrorCode::FileFormat, path, "no header \"key,en,ko\" (empty table)");
    return table;
}

std::string StringTable::get(const std::string& key, Language language, const std::string& fallback) const {
    const auto it = entries_.find(key);
    if (it == entries_.end()) return fallback;
    if (language == Language::Korean && !it->second.second.empty()) return it->second.second;
    return it->second.first;
}

std::string fill(std::string text, std::initializer_list<std::pair<const char*, std::string>> values) {
    for (const auto& [name, value] : values) {
        const std::string token = std::string("{") + name + "}";
        for (std::size_t at = text.find(token); at != std::string::npos;
             at = text.find(token, at + value.size()))
            text.replace(at, token.size(), value);
    }
    return text;
}

}  // namespace citytwin::report
