#include "csv_reader.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "citytwin/core/error.h"

namespace citytwin::newtown::detail {

namespace {

using core::Error;
using core::ErrorCode;

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

Error formatError(const std::string& path, std::size_t line, const std::string& message) {
    return Error(ErrorCode::FileFormat, "line " + std::to_string(line) + ": " + message, {path, {}, {}});
}

/// Splits one line into fields; false on an unterminated quote.
bool split(const std::string& line, std::vector<std::string>& fields, std::vector<std::size_t>& columns,
           std::size_t& badColumn) {
    fields.clear();
    columns.clear();
    std::size_t i = 0;
    const std::size_t n = line.size();
    while (true) {
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        columns.push_back(i + 1);
        std::string field;
        if (i < n && line[i] == '"') {
            const std::size_t start = i;
            ++i;
            bool closed = false;
            while (i < n) {
                if (line[i] == '"') {
                    if (i + 1 < n && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                field += line[i++];
            }
            if (!closed) {
                badColumn = start + 1;
                return false;
            }
            while (i < n && line[i] != ',')
                ++i;  // text after the closing quote is ignored (only blanks are expected)
        } else {
            while (i < n && line[i] != ',')
                field += line[i++];
            field = trim(field);
        }
        fields.push_back(field);
        if (i >= n) break;
        ++i;  // the comma
    }
    return true;
}

}  // namespace

CsvTable CsvTable::read(const std::string& path, bool requireProvenance) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::fileError(ErrorCode::FileNotFound, path, "cannot open the table");
    CsvTable t;
    t.path_ = path;
    std::string line;
    std::size_t number = 0;
    std::vector<std::string> fields;
    std::vector<std::size_t> columns;
    while (std::getline(in, line)) {
        ++number;
        if (number == 1 && line.size() >= 3 && static_cast<unsigned char>(line[0]) == 0xEF &&
            static_cast<unsigned char>(line[1]) == 0xBB && static_cast<unsigned char>(line[2]) == 0xBF)
            line.erase(0, 3);  // UTF-8 byte order mark
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string t0 = trim(line);
        if (t0.empty()) continue;
        if (t0[0] == '#') {
            if (t.header_.empty()) {
                const std::string body = trim(t0.substr(1));
                const auto colon = body.find(':');
                if (colon != std::string::npos && colon > 0 &&
                    body.find_first_of(" \t") > colon) {  // "key: value" with a one-word key
                    const std::string key = lower(trim(body.substr(0, colon)));
                    const std::string value = trim(body.substr(colon + 1));
                    auto& slot = t.meta_[key];
                    slot = slot.empty() ? value : slot + " " + value;
                }
            }
            continue;
        }
        std::size_t badColumn = 0;
        if (!split(line, fields, columns, badColumn))
            throw formatError(path, number, "column " + std::to_string(badColumn) + ": unterminated quote");
        if (t.header_.empty()) {
            t.header_ = fields;
            t.headerLine_ = number;
            for (std::size_t c = 0; c < fields.size(); ++c)
                if (fields[c].empty())
                    throw formatError(
                        path, number,
                        "column " + std::to_string(columns[c]) + ": empty column name in the header");
            continue;
        }
        if (fields.size() != t.header_.size())
            throw formatError(path, number,
                              "expected " + std::to_string(t.header_.size()) +
                                  " fields (as the header on line " + std::to_string(t.headerLine_) +
                                  "), got " + std::to_string(fields.size()));
        t.rows_.push_back(CsvRow{number, fields, columns});
    }
    if (t.header_.empty()) throw core::fileError(ErrorCode::FileFormat, path, "the table has no header line");
    if (requireProvenance) {
        if (t.meta("source").empty())
            throw core::fileError(
                ErrorCode::FileFormat, path,
                "the table does not name its source (a '# source: ...' line before the header)");
        if (t.meta("date").empty())
            throw core::fileError(
                ErrorCode::FileFormat, path,
                "the table does not give its date (a '# date: ...' line before the header)");
    }
    return t;
}

std::string CsvTable::meta(const std::string& key) const {
    const auto it = meta_.find(lower(key));
    return it == meta_.end() ? std::string() : it->second;
}

int CsvTable::column(const std::string& name) const {
    for (std::size_t i = 0; i < header_.size(); ++i)
        if (lower(header_[i]) == lower(name)) return static_cast<int>(i);
    return -1;
}

int CsvTable::require(const std::string& name) const {
    const int c = column(name);
    if (c < 0) throw formatError(path_, headerLine_, "the header has no column '" + name + "'");
    return c;
}

const std::string& CsvTable::text(const CsvRow& row, int col) const {
    static const std::string empty;
    if (col < 0 || static_cast<std::size_t>(col) >= row.fields.size()) return empty;
    return row.fields[static_cast<std::size_t>(col)];
}

double CsvTable::number(const CsvRow& row, int col) const {
    const std::string& s = text(row, col);
    if (s.empty()) fail(row, col, "a number is required, the field is empty");
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || !std::isfinite(v)) fail(row, col, "not a number: \"" + s + "\"");
    return v;
}

double CsvTable::numberOr(const CsvRow& row, int col, double fallback) const {
    if (col < 0 || text(row, col).empty()) return fallback;
    return number(row, col);
}

bool CsvTable::flag(const CsvRow& row, int col) const {
    const std::string s = lower(text(row, col));
    if (s == "yes" || s == "true" || s == "1") return true;
    if (s == "no" || s == "false" || s == "0") return false;
    fail(row, col, "expected yes or no, got \"" + text(row, col) + "\"");
}

void CsvTable::fail(const CsvRow& row, int col, const std::string& message) const {
    std::string where = "line " + std::to_string(row.line);
    if (col >= 0 && static_cast<std::size_t>(col) < row.columns.size())
        where += ", column " + std::to_string(row.columns[static_cast<std::size_t>(col)]);
    if (col >= 0 && static_cast<std::size_t>(col) < header_.size())
        where += " (" + header_[static_cast<std::size_t>(col)] + ")";
    throw Error(ErrorCode::FileFormat, where + ": " + message, {path_, {}, {}});
}

void CsvTable::failRow(const CsvRow& row, const std::string& message) const {
    throw formatError(path_, row.line, message);
}

bool parseClock(const std::string& text, double& minutes) {
    int h = 0, m = 0, s = 0;
    char c1 = 0, c2 = 0;
    const std::string t = trim(text);
    int n = std::sscanf(t.c_str(), "%d%c%d%c%d", &h, &c1, &m, &c2, &s);
    if (n == 3 && c1 == ':' && t.size() <= 5) {
        s = 0;
    } else if (!(n == 5 && c1 == ':' && c2 == ':')) {
        return false;
    }
    if (h < 0 || h > 24 || m < 0 || m > 59 || s < 0 || s > 59) return false;
    minutes = h * 60.0 + m + s / 60.0;
    return true;
}

}  // namespace citytwin::newtown::detail
