#include "json_util.h"

#include <set>
#include <vector>

namespace citytwin::core::detail {

namespace {

std::size_t lineOf(const std::string& text, std::size_t byte) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i)
        line += text[i] == '\n';
    return line;
}

/// Thrown from the parser callback; turned into an Error after the parser unwound.
struct Refusal {
    std::string message;
    std::string key;
};

}  // namespace

nlohmann::json parseJson(const std::string& text, const std::string& file, ErrorCode code) {
    using json = nlohmann::json;
    std::vector<std::set<std::string>> keys;  // keys seen in each open object
    std::vector<std::string> path;            // key path to the current value, for messages
    std::string lastKey;
    const json::parser_callback_t cb = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
        if (depth > kMaxJsonDepth)
            throw Refusal{"nested more than " + std::to_string(kMaxJsonDepth) + " levels deep", lastKey};
        switch (event) {
            case json::parse_event_t::object_start:
                keys.emplace_back();
                path.push_back(lastKey);
                break;
            case json::parse_event_t::object_end:
                if (!keys.empty()) keys.pop_back();
                if (!path.empty()) path.pop_back();
                break;
            case json::parse_event_t::key: {
                const std::string k = parsed.get<std::string>();
                std::string full;
                for (const std::string& p : path)
                    if (!p.empty()) full += p + ".";
                full += k;
                if (!keys.empty() && !keys.back().insert(k).second)
                    throw Refusal{"the key \"" + k + "\" is given twice in one object (only one value can count)",
                                  full};
                lastKey = full;
                break;
            }
            default:
                break;
        }
        return true;
    };
    try {
        return json::parse(text, cb);
    } catch (const Refusal& r) {
        throw Error(code, r.message, Error::Context{file, {}, r.key});
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        const auto pos = what.find("] ");
        if (pos != std::string::npos) what = what.substr(pos + 2);
        throw Error(code, "not valid JSON at line " + std::to_string(lineOf(text, e.byte)) + ": " + what,
                    Error::Context{file, {}, {}});
    } catch (const json::out_of_range& e) {
        // Numbers such as 1e999 that no double holds.
        std::string what = e.what();
        const auto pos = what.find("] ");
        if (pos != std::string::npos) what = what.substr(pos + 2);
        throw Error(code, (lastKey.empty() ? std::string("a value") : "the value after \"" + lastKey + "\"") +
                              " is out of range: " + what,
                    Error::Context{file, {}, lastKey});
    } catch (const json::exception& e) {
        throw Error(code, std::string("cannot be read as JSON: ") + e.what(), Error::Context{file, {}, {}});
    }
}

}  // namespace citytwin::core::detail
