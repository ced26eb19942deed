#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// Strict JSON reading (nlohmann's SAX parser with a handler that also catches what the
// DOM parser lets through: duplicate keys) and `--set` overrides.

namespace itsb::scenarios {

namespace {

using nlohmann::json;

// Deeper nesting is never a valid input (the schema is five levels deep) and would make the
// recursive serializer used for messages a stack risk.
constexpr std::size_t kMaxDepth = 100;
constexpr std::size_t kMaxReasonLength = 200;

std::string childPointer(const json::json_pointer& parent, const std::string& key) {
    return (parent / key).to_string();
}

std::string childPointer(const json::json_pointer& parent, std::size_t index) {
    return (parent / index).to_string();
}

//! Where nlohmann stopped on a number too large for a double (its out_of_range.406).
struct Overflow {
    std::size_t ordinal = 0;   // how many numbers came before it
    std::size_t position = 0;  // byte offset just after the token
    std::string token;
};

struct SyntaxError {
    std::size_t position = 0;  // bytes read, the offending one included
    std::string reason;
};

//! Builds the json value like nlohmann's DOM parser and records duplicate keys and the
//! numbers known (from an earlier pass) to be non-finite, each by its pointer.
class StrictBuilder {
  public:
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    explicit StrictBuilder(const std::map<std::size_t, std::string>& nonFinite) : nonFinite_(nonFinite) {}

    bool null() { return put(json(nullptr)) != nullptr; }
    bool boolean(bool value) { return put(json(value)) != nullptr; }
    bool number_integer(number_integer_t value) { return putNumber(json(value)); }
    bool number_unsigned(number_unsigned_t value) { return putNumber(json(value)); }
    bool number_float(number_float_t value, const string_t&) { return putNumber(json(value)); }
    bool string(string_t& value) { return put(json(std::move(value))) != nullptr; }
    bool binary(binary_t&) { return false; }  // never produced by JSON text

    bool start_object(std::size_t) { return open(json::object()); }
    bool key(string_t& key) {
        Frame& frame = stack_.back();
        if (frame.value->contains(key)) problems_.push_back({childPointer(frame.pointer, key), "", "duplicate key"});
        frame.key = std::move(key);
        return true;
    }
    bool end_object() {
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_array() {
        stack_.pop_back();
        return true;
    }

    bool parse_error(std::size_t position, const std::string& lastToken, const json::exception& error) {
        if (error.id == 406)
            overflow_ = Overflow{numbersSeen_, position, lastToken};
        else
            syntax_ = SyntaxError{position, error.what()};
        return false;
    }

    json& document() { return root_; }
    std::vector<InputProblem>& problems() { return problems_; }
    const std::optional<Overflow>& overflow() const { return overflow_; }
    const std::optional<SyntaxError>& syntaxError() const { return syntax_; }

  private:
    struct Frame {
        json* value;
        json::json_pointer pointer;
        std::string key;  // the current key, objects only
    };

    std::string slotPointer() const {
        if (stack_.empty()) return "";
        const Frame& frame = stack_.back();
        return frame.value->is_object() ? childPointer(frame.pointer, frame.key)
                                        : childPointer(frame.pointer, frame.value->size());
    }

    json* put(json value) {
        if (stack_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        Frame& frame = stack_.back();
        if (frame.value->is_object()) {
            json& slot = (*frame.value)[frame.key];
            slot = std::move(value);
            return &slot;
        }
        frame.value->push_back(std::move(value));
        return &frame.value->back();
    }

    bool putNumber(json value) {
        const std::size_t ordinal = numbersSeen_++;
        if (auto it = nonFinite_.find(ordinal); it != nonFinite_.end())
            problems_.push_back({slotPointer(), it->second, "must be a finite number"});
        return put(std::move(value)) != nullptr;
    }

    bool open(json container) {
        const std::string pointer = slotPointer();
        if (stack_.size() >= kMaxDepth) {
            problems_.push_back({pointer, "", "is nested deeper than " + std::to_string(kMaxDepth) + " levels"});
            return false;
        }
        json* slot = put(std::move(container));
        stack_.push_back(Frame{slot, json::json_pointer(pointer), ""});
        return true;
    }

    const std::map<std::size_t, std::string>& nonFinite_;
    json root_;
    std::vector<Frame> stack_;
    std::vector<InputProblem> problems_;
    std::size_t numbersSeen_ = 0;
    std::optional<Overflow> overflow_;
    std::optional<SyntaxError> syntax_;
};

//! nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 9:
//! syntax error while parsing object key - unexpected '}'; expected string literal"; the part
//! after " - " says what was wrong.
std::string shortReason(const std::string& what) {
    std::string reason = what;
    if (auto column = reason.find("column "); column != std::string::npos)
        if (auto colon = reason.find(": ", column); colon != std::string::npos) reason = reason.substr(colon + 2);
    if (auto dash = reason.find(" - "); dash != std::string::npos) reason = reason.substr(dash + 3);
    if (reason.size() > kMaxReasonLength) reason = reason.substr(0, kMaxReasonLength) + "...";
    return reason;
}

InputProblem syntaxProblem(std::string_view text, const SyntaxError& error) {
    // `position` counts the bytes read, the offending one included (end of input counts as
    // one byte), so the offending byte is at position - 1.
    const std::size_t at = error.position == 0 ? 0 : error.position - 1;
    const std::size_t before = std::min(at, text.size());
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(before), '\n');
    const std::size_t lineStart = before == 0 ? 0 : text.rfind('\n', before - 1);
    const std::size_t column = lineStart == std::string_view::npos || before == 0 ? at + 1 : at - lineStart;
    return {"", "",
            "JSON syntax error at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                shortReason(error.reason)};
}

struct StrictParse {
    json document;
    std::vector<InputProblem> problems;
    bool syntaxError = false;
};

StrictParse parseStrict(std::string_view text) {
    // A number that overflows a double stops nlohmann's parser. Each one is recorded, blanked
    // to "0" padded with spaces (so every later byte keeps its offset) and the text parsed
    // again, so all of them, and any later problem, are reported in one go.
    std::string buffer(text);
    std::map<std::size_t, std::string> nonFinite;
    for (;;) {
        StrictBuilder builder(nonFinite);
        json::sax_parse(buffer, &builder, json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/false);
        if (const auto& overflow = builder.overflow()) {
            const std::size_t length = overflow->token.size();
            const bool located = length > 0 && overflow->position >= length && overflow->position <= buffer.size() &&
                                 buffer.compare(overflow->position - length, length, overflow->token) == 0;
            if (located && !nonFinite.contains(overflow->ordinal)) {
                nonFinite.emplace(overflow->ordinal, overflow->token);
                buffer.replace(overflow->position - length, length, "0" + std::string(length - 1, ' '));
                continue;
            }
            // Not where expected (cannot happen with nlohmann 3.11): report it without a pointer.
            StrictParse result;
            result.problems = std::move(builder.problems());
            result.problems.push_back({"", overflow->token, "numbers must be finite"});
            return result;
        }
        StrictParse result;
        result.problems = std::move(builder.problems());
        if (const auto& syntax = builder.syntaxError()) {
            result.problems.push_back(syntaxProblem(buffer, *syntax));
            result.syntaxError = true;
        }
        result.document = std::move(builder.document());
        return result;
    }
}

//! RFC 6901 reference tokens of a pointer that starts with "/".
std::optional<std::vector<std::string>> pointerTokens(const std::string& pointer) {
    std::vector<std::string> tokens;
    std::string token;
    for (std::size_t i = 1; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == '/') {
            tokens.push_back(std::move(token));
            token.clear();
        } else if (pointer[i] == '~') {
            if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) return std::nullopt;
            token += pointer[i + 1] == '0' ? '~' : '/';
            ++i;
        } else {
            token += pointer[i];
        }
    }
    return tokens;
}

//! An array index token: "0" or digits without a leading zero.
std::optional<std::size_t> arrayIndex(const std::string& token) {
    if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return std::nullopt;
    std::size_t index = 0;
    for (char c : token) {
        if (c < '0' || c > '9') return std::nullopt;
        index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    return index;
}

std::string pointerPrefix(const std::vector<std::string>& tokens, std::size_t count) {
    json::json_pointer pointer;
    for (std::size_t i = 0; i < count; ++i) pointer /= tokens[i];
    return pointer.to_string();
}

[[noreturn]] void failOverride(const Override& change, const std::string& why) {
    throw OverrideError("--set " + change.pointer + "=" + change.value + ": " + why);
}

void applyOverride(json& document, const Override& change) {
    auto fail = [&](const std::string& why) { failOverride(change, why); };

    if (change.pointer.empty() || change.pointer[0] != '/')
        fail("the JSON pointer must start with \"/\" (e.g. /bond/coupon)");
    const auto tokens = pointerTokens(change.pointer);
    if (!tokens) fail("not a valid JSON pointer (\"~\" must be followed by 0 or 1)");

    // VALUE is JSON when it parses as JSON, else the text itself.
    json value;
    StrictParse parsed = parseStrict(change.value);
    if (parsed.syntaxError) {
        value = change.value;
    } else if (!parsed.problems.empty()) {
        std::string why;
        for (const auto& problem : parsed.problems) {
            if (!why.empty()) why += "; ";
            why += InputProblem{change.pointer + problem.pointer, problem.value, problem.rule}.message();
        }
        fail(why);
    } else {
        value = std::move(parsed.document);
    }

    // A missing block on the way is created empty, so that the reader fills in its defaults
    // (`/rounding/decimals` when the file has no `rounding`); an array when the next token is
    // an index. A key that is not in the schema is then refused by the reader like any
    // unknown key, with its "did you mean".
    auto emptyBlockFor = [&](std::size_t next) {
        const std::string& token = (*tokens)[next];
        return token == "-" || arrayIndex(token) ? json::array() : json::object();
    };
    json* parent = &document;
    for (std::size_t i = 0; i + 1 < tokens->size(); ++i) {
        const std::string& token = (*tokens)[i];
        const std::string here = pointerPrefix(*tokens, i + 1);
        if (parent->is_object()) {
            auto it = parent->find(token);
            parent = it != parent->end() ? &*it : &((*parent)[token] = emptyBlockFor(i + 1));
        } else if (parent->is_array()) {
            const auto index = token == "-" ? std::optional<std::size_t>(parent->size()) : arrayIndex(token);
            if (index && *index == parent->size()) parent->push_back(emptyBlockFor(i + 1));
            if (!index || *index >= parent->size()) fail(here + " does not exist in the input");
            parent = &parent->at(*index);
        } else {
            fail(pointerPrefix(*tokens, i) + " is not an object or array");
        }
    }

    const std::string& last = tokens->back();
    if (parent->is_object()) {
        (*parent)[last] = std::move(value);
    } else if (parent->is_array()) {
        const auto index = last == "-" ? std::optional<std::size_t>(parent->size()) : arrayIndex(last);
        if (!index) fail("\"" + last + "\" is not an array index");
        if (*index < parent->size())
            parent->at(*index) = std::move(value);
        else if (*index == parent->size())
            parent->push_back(std::move(value));
        else
            fail("index " + last + " is past the end of " + pointerPrefix(*tokens, tokens->size() - 1) + " (" +
                 std::to_string(parent->size()) + " entries; use " + std::to_string(parent->size()) +
                 " or - to append)");
    } else {
        const std::string where = pointerPrefix(*tokens, tokens->size() - 1);
        fail((where.empty() ? std::string("the input") : where) + " is not an object or array");
    }
}

}  // namespace

json parseInputJson(std::string_view text) {
    StrictParse parsed = parseStrict(text);
    if (!parsed.problems.empty()) throw InputError(std::move(parsed.problems));
    return std::move(parsed.document);
}

void applyOverrides(json& document, const std::vector<Override>& overrides) {
    for (const auto& change : overrides) applyOverride(document, change);
}

Scenario readScenario(std::string_view text, const std::vector<Override>& overrides) {
    json document = parseInputJson(text);
    applyOverrides(document, overrides);
    return buildScenario(document);
}

}  // namespace itsb::scenarios
