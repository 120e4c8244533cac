#pragma once
/// @file strings.h
/// The briefing report's wording in English and Korean: a table of key, en, ko (data/report/strings.csv), so
/// that wording and planning terms are data a user may change, never strings buried in code.
/// Plain C++. Thread safety: a loaded table is immutable.

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace citytwin::report {

/// The language of a report.
enum class Language {
    English,  ///< "en"
    Korean,   ///< "ko"
};

/// "en" / "ko" (case-insensitive; "english", "korean" too); nullopt for others.
std::optional<Language> languageFromName(const std::string& name);
/// "en" or "ko".
const char* toString(Language language);

/// The report's string table.
class StringTable {
public:
    StringTable() = default;

    /// Reads a table: UTF-8 CSV, lines starting with '#' are comments, a header "key,en,ko", then one row per
    /// key; fields may be quoted ("a, b" with "" for a quote). Every key unique and every English text set.
    /// @throws core::Error: FileNotFound, FileFormat naming the file, the line and the column.
    static StringTable load(const std::string& path);
    /// data/report/strings.csv in the data folder (core::dataDirectory()).
    static std::string defaultPath();

    /// The text of `key` in `language`: the Korean text when there is one, else the English one, else
    /// `fallback`. Placeholders are left as they are (see fill()).
    std::string get(const std::string& key, Language language, const std::string& fallback = {}) const;
    bool contains(const std::string& key) const { return entries_.count(key) != 0; }
    std::size_t size() const { return entries_.size(); }

private:
    std::map<std::string, std::pair<std::string, std::string>> entries_;  // key -> (en, ko)
};

/// `text` with each "{name}" replaced by its value.
std::string fill(std::string text, std::initializer_list<std::pair<const char*, std::string>> values);

}  // namespace citytwin::report
