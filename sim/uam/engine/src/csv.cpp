#include "csv.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace citytwin::uam::detail {

using core::Error;
using core::ErrorCode;

std::string readTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::fileError(ErrorCode::FileNotFound, path, "cannot open the file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Error formatError(const std::string& path, std::size_t line, const std::string& message) {
    return Error(ErrorCode::FileFormat, "line " + std::to_string(line) + ": " + message, {path, {}, {}});
}

Error formatError(const std::string& path, std::size_t line, std::size_t column, const std::string& name,
                  const std::string& message) {
    return Error(ErrorCode::FileFormat,
                 "line " + std::to_string(line) + ", column " + std::to_string(column + 1) +
                     (name.empty() ? "" : " (" + name + ")") + ": " + message,
                 {path, {}, {}});
}

namespace {
bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
}  // namespace

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> splitWhitespace(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && isSpace(s[i]))
            ++i;
        const std::size_t a = i;
        while (i < s.size() && !isSpace(s[i]))
            ++i;
        if (i > a) out.push_back(s.substr(a, i - a));
    }
    return out;
}

std::vector<std::string_view> splitChar(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t a = 0;
    for (;;) {
        const std::size_t b = s.find(sep, a);
        out.push_back(trim(s.substr(a, b == std::string_view::npos ? std::string_view::npos : b - a)));
        if (b == std::string_view::npos) break;
        a = b + 1;
    }
    return out;
}

bool parseDouble(std::string_view s, double& out) {
    s = trim(s);
    if (s.empty()) return false;
    // strtod on a bounded copy: GCC 12's from_chars for double is available, but keep one behaviour for
    // "1e3", "+5" and "inf" (rejected below) across standard libraries.
    const std::string copy(s);
    char* end = nullptr;
    const double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return false;
    out = v;
    return true;
}

bool parseInt(std::string_view s, long long& out) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string quote(std::string_view s) {
    std::string t(s.substr(0, 40));
    if (s.size() > 40) t += "...";
    return "'" + t + "'";
}

bool LineReader::next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t end = text_.find('\n', pos_);
    const std::size_t stop = end == std::string::npos ? text_.size() : end;
    line = std::string_view(text_).substr(pos_, stop - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = stop + 1;
    ++number_;
    return true;
}

std::size_t CsvTable::column(const std::string& name) const {
    for (std::size_t c = 0; c < header.size(); ++c)
        if (header[c] == name) return c;
    throw Error(ErrorCode::FileFormat, "the header has no column '" + name + "'", {path, {}, {}});
}

double CsvTable::number(const Row& row, std::size_t column) const {
    double v = 0.0;
    if (!parseDouble(row.cells[column], v))
        throw formatError(path, row.line, column, header[column],
                          "expected a number, got " + quote(row.cells[column]));
    return v;
}

CsvTable readCsv(const std::string& path) {
    const std::string text = readTextFile(path);
    CsvTable t;
    t.path = path;
    LineReader lines(text);
    std::string_view line;
    while (lines.next(line)) {
        const std::string_view s = trim(line);
        if (s.empty() || s.front() == '#') continue;
        std::vector<std::string_view> cells = splitChar(s, ',');
        if (t.header.empty()) {
            for (std::string_view c : cells) {
                if (c.empty()) throw formatError(path, lines.number(), "the header has an empty column name");
                t.header.emplace_back(c);
            }
            continue;
        }
        if (cells.size() != t.header.size())
            throw formatError(path, lines.number(),
                              "expected " + std::to_string(t.header.size()) + " comma-separated cells, got " +
                                  std::to_string(cells.size()));
        CsvTable::Row row;
        row.line = lines.number();
        for (std::string_view c : cells)
            row.cells.emplace_back(c);
        t.rows.push_back(std::move(row));
    }
    if (t.header.empty()) throw Error(ErrorCode::FileFormat, "the file has no header line", {path, {}, {}});
    if (t.rows.empty()) throw Error(ErrorCode::FileFormat, "the table has no rows", {path, {}, {}});
    return t;
}

}  // namespace citytwin::uam::detail
