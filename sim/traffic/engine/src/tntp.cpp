#include "citytwin/traffic/tntp.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "citytwin/core/error.h"

namespace citytwin::traffic {

namespace {

using core::Error;
using core::ErrorCode;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::fileError(ErrorCode::FileNotFound, path, "cannot open the file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Error formatError(const std::string& path, std::size_t line, const std::string& message) {
    return Error(ErrorCode::FileFormat, "line " + std::to_string(line) + ": " + message, {path, {}, {}});
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

/// Splits a text into lines, numbering them from 1.
class Lines {
public:
    explicit Lines(const std::string& text) : text_(text) {}
    bool next(std::string_view& line) {
        if (pos_ >= text_.size()) return false;
        const std::size_t end = text_.find('\n', pos_);
        const std::size_t stop = end == std::string::npos ? text_.size() : end;
        line = std::string_view(text_).substr(pos_, stop - pos_);
        pos_ = stop + 1;
        ++number_;
        return true;
    }
    std::size_t number() const { return number_; }

private:
    const std::string& text_;
    std::size_t pos_ = 0;
    std::size_t number_ = 0;
};

/// A number token (locale-independent). False when the token is not entirely a number.
bool parseNumber(std::string_view token, double& value) {
    if (!token.empty() && token.front() == '+') token.remove_prefix(1);
    const char* first = token.data();
    const char* last = first + token.size();
    const auto r = std::from_chars(first, last, value);
    return r.ec == std::errc() && r.ptr == last;
}

/// Whitespace-separated tokens of a record, up to an optional ';' terminator. `rest` receives what follows
/// the ';' (trimmed).
std::vector<std::string_view> tokens(std::string_view line, std::string_view* rest = nullptr) {
    std::vector<std::string_view> out;
    const std::size_t semi = line.find(';');
    if (rest) *rest = semi == std::string_view::npos ? std::string_view() : trim(line.substr(semi + 1));
    if (semi != std::string_view::npos) line = line.substr(0, semi);
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && isSpace(line[i]))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && !isSpace(line[i]))
            ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

std::string quote(std::string_view s) {
    std::string t(s.substr(0, 40));
    return "'" + t + (s.size() > 40 ? "...'" : "'");
}

/// Metadata `<KEY> value` lines up to `<END OF METADATA>`. Leaves `lines` after that line.
std::map<std::string, std::string> readMetadata(Lines& lines, const std::string& path) {
    std::map<std::string, std::string> meta;
    std::string_view line;
    while (lines.next(line)) {
        const std::string_view t = trim(line);
        if (t.empty() || t.front() == '~') continue;
        if (t.front() != '<') {
            throw formatError(
                path, lines.number(),
                "expected a metadata line '<KEY> value' or '<END OF METADATA>', got " + quote(t));
        }
        const std::size_t close = t.find('>');
        if (close == std::string_view::npos)
            throw formatError(path, lines.number(), "metadata key without a closing '>': " + quote(t));
        std::string key(trim(t.substr(1, close - 1)));
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::toupper(c); });
        if (key == "END OF METADATA") return meta;
        meta[key] = std::string(trim(t.substr(close + 1)));
    }
    throw formatError(path, lines.number(), "the file ends before '<END OF METADATA>'");
}

int metaInt(const std::map<std::string, std::string>& meta, const std::string& key, const std::string& path,
            bool required, int fallback) {
    const auto it = meta.find(key);
    if (it == meta.end()) {
        if (required) throw Error(ErrorCode::FileFormat, "metadata <" + key + "> is missing", {path, {}, {}});
        return fallback;
    }
    double v = 0;
    if (!parseNumber(it->second, v) || v != std::floor(v) || v < 0 || v > 1e9)
        throw Error(ErrorCode::FileFormat, "metadata <" + key + "> is not a count: " + quote(it->second),
                    {path, {}, {}});
    return static_cast<int>(v);
}

double metaNumber(const std::map<std::string, std::string>& meta, const std::string& key,
                  const std::string& path, double fallback) {
    const auto it = meta.find(key);
    if (it == meta.end() || trim(it->second).empty()) return fallback;
    double v = 0;
    if (!parseNumber(trim(it->second), v) || !std::isfinite(v))
        throw Error(ErrorCode::FileFormat, "metadata <" + key + "> is not a number: " + quote(it->second),
                    {path, {}, {}});
    return v;
}

std::string fmt(double v) {
    std::ostringstream s;
    s.precision(12);
    s << v;
    return s.str();
}

}  // namespace

Network readTntpNetwork(const std::string& path) {
    const std::string text = readFile(path);
    Lines lines(text);
    const auto meta = readMetadata(lines, path);
    Network net;
    net.source = path;
    net.name = path;
    net.zoneCount = metaInt(meta, "NUMBER OF ZONES", path, true, 0);
    net.nodeCount = metaInt(meta, "NUMBER OF NODES", path, true, 0);
    const int firstThrough = metaInt(meta, "FIRST THRU NODE", path, false, 1);
    const int declaredLinks = metaInt(meta, "NUMBER OF LINKS", path, false, -1);
    net.tollWeight = metaNumber(meta, "TOLL FACTOR", path, 0.0);
    net.distanceWeight = metaNumber(meta, "DISTANCE FACTOR", path, 0.0);
    if (net.zoneCount > net.nodeCount)
        throw Error(ErrorCode::FileFormat,
                    "<NUMBER OF ZONES> " + std::to_string(net.zoneCount) + " exceeds <NUMBER OF NODES> " +
                        std::to_string(net.nodeCount),
                    {path, {}, {}});
    if (firstThrough < 1 || firstThrough > net.nodeCount + 1)
        throw Error(ErrorCode::FileFormat,
                    "<FIRST THRU NODE> " + std::to_string(firstThrough) + " is not within 1.." +
                        std::to_string(net.nodeCount),
                    {path, {}, {}});
    net.firstThroughNode = firstThrough - 1;
    if (declaredLinks > 0) net.links.reserve(static_cast<std::size_t>(declaredLinks));

    std::string_view line;
    while (lines.next(line)) {
        const std::string_view t = trim(line);
        if (t.empty() || t.front() == '~') continue;
        std::string_view rest;
        const auto tok = tokens(t, &rest);
        if (!rest.empty() && rest.front() != '~')
            throw formatError(path, lines.number(),
                              "text after the ';' that ends the record: " + quote(rest));
        if (tok.size() != 10)
            throw formatError(path, lines.number(),
                              "expected 10 numbers (init node, term node, capacity, length, free flow time, "
                              "B, power, speed, toll, link type), got " +
                                  std::to_string(tok.size()));
        double v[10];
        for (int k = 0; k < 10; ++k)
            if (!parseNumber(tok[static_cast<std::size_t>(k)], v[k]) || !std::isfinite(v[k]))
                throw formatError(path, lines.number(),
                                  "field " + std::to_string(k + 1) +
                                      " is not a number: " + quote(tok[static_cast<std::size_t>(k)]));
        for (int k = 0; k < 2; ++k)
            if (v[k] != std::floor(v[k]) || v[k] < 1 || v[k] > net.nodeCount)
                throw formatError(path, lines.number(),
                                  std::string(k == 0 ? "init" : "term") + " node " + fmt(v[k]) +
                                      " is not a node number within 1.." + std::to_string(net.nodeCount));
        Link l;
        l.tail = static_cast<int>(v[0]) - 1;
        l.head = static_cast<int>(v[1]) - 1;
        l.capacity = v[2];
        l.length = v[3];
        l.freeFlowTime = v[4];
        l.alpha = v[5];
        l.beta = v[6];
        l.speedLimit = v[7];
        l.toll = v[8];
        if (v[9] != std::floor(v[9]) || std::fabs(v[9]) > 2147483647.0)
            throw formatError(path, lines.number(), "link type " + fmt(v[9]) + " is not a whole number");
        l.type = static_cast<int>(v[9]);
        // Zones that carry no through traffic are centroids: the links to and from them are access links.
        l.access = (l.tail < net.zoneCount && l.tail < net.firstThroughNode) ||
                   (l.head < net.zoneCount && l.head < net.firstThroughNode);
        // Self-loops, capacity 0 and large powers are legal (found in public networks): kept and reported by
        // inspectNetwork(), handled by the assignment.
        if (l.capacity < 0)
            throw formatError(path, lines.number(), "capacity " + fmt(l.capacity) + " is negative");
        if (l.freeFlowTime < 0)
            throw formatError(path, lines.number(), "free flow time " + fmt(l.freeFlowTime) + " is negative");
        if (l.length < 0) throw formatError(path, lines.number(), "length " + fmt(l.length) + " is negative");
        if (l.alpha < 0) throw formatError(path, lines.number(), "B " + fmt(l.alpha) + " is negative");
        if (!(l.beta == 0 || l.beta >= 1))
            throw formatError(
                path, lines.number(),
                "power " + fmt(l.beta) +
                    " is not 0 or >= 1 (a power between 0 and 1 has an infinite slope at zero flow)");
        if (l.toll < 0) throw formatError(path, lines.number(), "toll " + fmt(l.toll) + " is negative");
        net.links.push_back(l);
    }
    if (declaredLinks >= 0 && static_cast<int>(net.links.size()) != declaredLinks)
        throw Error(ErrorCode::FileFormat,
                    "<NUMBER OF LINKS> says " + std::to_string(declaredLinks) + " links, the file has " +
                        std::to_string(net.links.size()),
                    {path, {}, {}});
    if (net.links.empty()) throw Error(ErrorCode::FileFormat, "the file has no links", {path, {}, {}});
    // Counts are checked against what the file holds before anything is sized by them (a file declaring 1e9
    // zones once allocated 3.9 GB and died): links use at most 2 nodes each.
    const std::size_t usable = 2 * net.links.size() + 1000;
    if (static_cast<std::size_t>(net.nodeCount) > usable)
        throw Error(ErrorCode::FileFormat,
                    "<NUMBER OF NODES> says " + std::to_string(net.nodeCount) + " nodes, but its " +
                        std::to_string(net.links.size()) + " links can use at most " +
                        std::to_string(2 * net.links.size()),
                    {path, {}, {}});
    return net;
}

OdMatrix readTntpTrips(const std::string& path, int zoneCount) {
    const std::string text = readFile(path);
    Lines lines(text);
    const auto meta = readMetadata(lines, path);
    const int fileZones = metaInt(meta, "NUMBER OF ZONES", path, zoneCount < 0, zoneCount);
    // Read on its own, the declared count sizes what is allocated: it must be plausible for the file's size.
    if (zoneCount < 0 && static_cast<std::size_t>(fileZones) > text.size())
        throw Error(ErrorCode::FileFormat,
                    "<NUMBER OF ZONES> says " + std::to_string(fileZones) + " zones in a file of " +
                        std::to_string(text.size()) + " bytes",
                    {path, {}, {}});
    if (zoneCount < 0) zoneCount = fileZones;
    if (fileZones != zoneCount)
        throw Error(ErrorCode::FileFormat,
                    "<NUMBER OF ZONES> " + std::to_string(fileZones) + " differs from the network's " +
                        std::to_string(zoneCount),
                    {path, {}, {}});
    const double declaredTotal = metaNumber(meta, "TOTAL OD FLOW", path, -1.0);

    std::vector<OdPair> pairs;
    std::unordered_map<std::size_t, std::size_t>
        seenLine;  // line of each destination in the current origin block
    std::vector<int> seenOrigin(static_cast<std::size_t>(zoneCount), 0);
    int origin = -1;
    std::string_view line;
    while (lines.next(line)) {
        std::string_view t = trim(line);
        if (t.empty() || t.front() == '~') continue;
        if (t.size() >= 6 && (t.substr(0, 6) == "Origin" || t.substr(0, 6) == "origin")) {
            const auto tok = tokens(t.substr(6));
            double v = 0;
            if (tok.size() != 1 || !parseNumber(tok[0], v) || v != std::floor(v))
                throw formatError(path, lines.number(), "expected 'Origin <zone>', got " + quote(t));
            if (v < 1 || v > zoneCount)
                throw formatError(path, lines.number(),
                                  "origin zone " + fmt(v) + " does not exist (zones are 1.." +
                                      std::to_string(zoneCount) + ")");
            origin = static_cast<int>(v) - 1;
            if (seenOrigin[static_cast<std::size_t>(origin)]++)
                throw formatError(path, lines.number(), "origin " + fmt(v) + " appears a second time");
            seenLine.clear();
            continue;
        }
        if (origin < 0)
            throw formatError(path, lines.number(),
                              "demand cells before the first 'Origin' line: " + quote(t));
        // Cells: d : q ; d : q ; ...
        while (!t.empty()) {
            const std::size_t colon = t.find(':');
            if (colon == std::string_view::npos)
                throw formatError(path, lines.number(), "expected 'destination : demand;', got " + quote(t));
            const std::size_t semi = t.find(';', colon);
            const std::string_view dTok = trim(t.substr(0, colon));
            const std::string_view qTok = trim(t.substr(
                colon + 1, semi == std::string_view::npos ? std::string_view::npos : semi - colon - 1));
            double d = 0, q = 0;
            if (!parseNumber(dTok, d) || d != std::floor(d))
                throw formatError(path, lines.number(), "destination is not a zone number: " + quote(dTok));
            if (!parseNumber(qTok, q) || !std::isfinite(q))
                throw formatError(path, lines.number(), "demand is not a number: " + quote(qTok));
            if (d < 1 || d > zoneCount)
                throw formatError(path, lines.number(),
                                  "demand to zone " + fmt(d) + ", which does not exist (zones are 1.." +
                                      std::to_string(zoneCount) + ")");
            if (q < 0)
                throw formatError(path, lines.number(), "negative demand " + fmt(q) + " to zone " + fmt(d));
            const auto di = static_cast<std::size_t>(d) - 1;
            if (const auto seen = seenLine.find(di); seen != seenLine.end())
                throw formatError(path, lines.number(),
                                  "demand to zone " + fmt(d) + " from origin " + std::to_string(origin + 1) +
                                      " is given a second time (first on line " +
                                      std::to_string(seen->second) + ")");
            seenLine[di] = lines.number();
            if (q > 0) pairs.push_back({origin, static_cast<int>(di), q});
            t = semi == std::string_view::npos ? std::string_view() : trim(t.substr(semi + 1));
        }
    }
    OdMatrix m = OdMatrix::fromPairs(zoneCount, std::move(pairs));
    if (declaredTotal >= 0) {
        const double total = m.total();
        if (std::abs(total - declaredTotal) > 1e-6 * std::max(1.0, declaredTotal))
            throw Error(ErrorCode::FileFormat,
                        "<TOTAL OD FLOW> says " + fmt(declaredTotal) + ", the cells add up to " + fmt(total),
                        {path, {}, {}});
    }
    return m;
}

void readTntpNodes(const std::string& path, Network& network) {
    const std::string text = readFile(path);
    Lines lines(text);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    network.nodeX.assign(static_cast<std::size_t>(network.nodeCount), nan);
    network.nodeY.assign(static_cast<std::size_t>(network.nodeCount), nan);
    bool header = true;
    std::string_view line;
    while (lines.next(line)) {
        const std::string_view t = trim(line);
        if (t.empty() || t.front() == '~') continue;
        const auto tok = tokens(t);
        double v[3];
        const bool numeric = tok.size() >= 1 && parseNumber(tok[0], v[0]);
        if (header && !numeric) {  // "Node X Y ;"
            header = false;
            continue;
        }
        header = false;
        if (tok.size() != 3)
            throw formatError(path, lines.number(),
                              "expected 3 numbers (node, x, y), got " + std::to_string(tok.size()));
        for (int k = 0; k < 3; ++k)
            if (!parseNumber(tok[static_cast<std::size_t>(k)], v[k]) || !std::isfinite(v[k]))
                throw formatError(path, lines.number(),
                                  "field " + std::to_string(k + 1) +
                                      " is not a number: " + quote(tok[static_cast<std::size_t>(k)]));
        if (v[0] != std::floor(v[0]) || v[0] < 1 || v[0] > network.nodeCount)
            throw formatError(path, lines.number(),
                              "node " + fmt(v[0]) + " is not within 1.." + std::to_string(network.nodeCount));
        network.nodeX[static_cast<std::size_t>(v[0]) - 1] = v[1];
        network.nodeY[static_cast<std::size_t>(v[0]) - 1] = v[2];
    }
}

std::vector<TntpFlow> readTntpFlows(const std::string& path) {
    const std::string text = readFile(path);
    Lines lines(text);
    std::vector<TntpFlow> out;
    bool header = true;
    std::string_view line;
    while (lines.next(line)) {
        const std::string_view t = trim(line);
        if (t.empty() || t.front() == '~') continue;
        const auto tok = tokens(t);
        double v[4];
        const bool numeric = !tok.empty() && parseNumber(tok[0], v[0]);
        if (header && !numeric) {  // "From To Volume Cost"
            header = false;
            continue;
        }
        header = false;
        if (tok.size() != 4)
            throw formatError(
                path, lines.number(),
                "expected 4 numbers (from, to, volume, cost), got " + std::to_string(tok.size()));
        for (int k = 0; k < 4; ++k)
            if (!parseNumber(tok[static_cast<std::size_t>(k)], v[k]) || !std::isfinite(v[k]))
                throw formatError(path, lines.number(),
                                  "field " + std::to_string(k + 1) +
                                      " is not a number: " + quote(tok[static_cast<std::size_t>(k)]));
        if (v[0] != std::floor(v[0]) || v[1] != std::floor(v[1]) || v[0] < 1 || v[1] < 1 ||
            v[0] > 2147483647.0 || v[1] > 2147483647.0)
            throw formatError(path, lines.number(), "from/to are not node numbers");
        out.push_back({static_cast<int>(v[0]) - 1, static_cast<int>(v[1]) - 1, v[2], v[3]});
    }
    return out;
}

std::vector<double> flowsByLink(const Network& network, const std::vector<TntpFlow>& flows,
                                const std::string& path) {
    std::map<std::pair<int, int>, std::vector<std::size_t>> byPair;
    for (std::size_t i = 0; i < network.links.size(); ++i)
        byPair[{network.links[i].tail, network.links[i].head}].push_back(i);
    std::map<std::pair<int, int>, std::size_t> used;
    std::vector<double> out(network.links.size(), std::numeric_limits<double>::quiet_NaN());
    for (const TntpFlow& f : flows) {
        const auto it = byPair.find({f.tail, f.head});
        std::size_t& k = used[{f.tail, f.head}];
        if (it == byPair.end() || k >= it->second.size())
            throw Error(ErrorCode::Data,
                        "flow record " + std::to_string(f.tail + 1) + " -> " + std::to_string(f.head + 1) +
                            " matches no link of the network",
                        {path, {}, {}});
        out[it->second[k++]] = f.volume;
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        if (std::isnan(out[i]))
            throw Error(ErrorCode::Data,
                        "link " + std::to_string(network.links[i].tail + 1) + " -> " +
                            std::to_string(network.links[i].head + 1) + " has no flow record",
                        {path, {}, {}});
    return out;
}

}  // namespace citytwin::traffic
