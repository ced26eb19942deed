#pragma once
// Private to scenarios/src: the typed checks of an input file. A Checker collects every
// problem, each once, and each check returns the value, or nullopt once it has reported why
// not; a value of the wrong type is reported and its children are not looked at.

#include "input_keys.hpp"
#include "ranges.hpp"

#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/model/scenario.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace itsb::scenarios::detail {

//! Problems listed in one InputError; the rest are counted (a file of a million bad entries
//! must not use gigabytes).
inline constexpr std::int64_t kMaxProblems = 200;

std::string quoted(std::string_view text);
//! "a", "b", "c"
std::string quotedList(std::span<const std::string_view> words);
//! The JSON pointer of a member or an element of the value at `parent`.
std::string childPointer(const std::string& parent, std::string_view key);
std::string childPointer(const std::string& parent, std::size_t index);

//! "must be one of ..." for an enum's choices.
template <typename E, std::size_t N>
std::string choiceRule(const std::array<E, N>& options) {
    std::array<std::string_view, N> names{};
    for (std::size_t i = 0; i < N; ++i) names[i] = name(options[i]);
    return "must be one of " + quotedList(names);
}

//! Collects problems; each check returns the value, or nullopt once it has reported why not.
class Checker {
  public:
    using json = nlohmann::json;

    std::vector<InputProblem> problems;
    std::int64_t unlisted = 0;  //!< problems beyond kMaxProblems, counted but not kept

    void add(std::string pointer, const json* value, std::string rule);
    void addText(std::string pointer, std::string value, std::string rule);
    //! Keeps at most kMaxProblems.
    bool full();

    static const json* find(const json& object, std::string_view key);
    const json* required(const json& object, const std::string& pointer, std::string_view key);

    //! Reports every key of `object` not in `allowed`; returns how many.
    std::size_t unknownKeys(const json& object, const std::string& pointer, Keys allowed);
    //! An object with only `allowed` keys (unknown ones reported); false when not an object.
    bool object(const json& value, const std::string& pointer, Keys allowed);

    std::optional<double> numberValue(const json& value, const std::string& pointer, const Range& range);
    //! A number; `fallback` when missing, or "is required" when there is none.
    std::optional<double> number(const json& object, const std::string& pointer, std::string_view key,
                                 const Range& range, std::optional<double> fallback);

    //! A JSON integer, or a number with an integral value (20.0).
    std::optional<std::int64_t> integerValue(const json& value, const std::string& pointer, const IntRange& range);
    std::optional<std::int64_t> integer(const json& object, const std::string& pointer, std::string_view key,
                                        const IntRange& range, std::optional<std::int64_t> fallback);
    std::optional<int> smallInteger(const json& object, const std::string& pointer, std::string_view key,
                                    const IntRange& range, std::optional<int> fallback);

    std::optional<std::string> stringValue(const json& value, const std::string& pointer);
    std::optional<std::string> string(const json& object, const std::string& pointer, std::string_view key,
                                      std::optional<std::string> fallback);
    std::optional<bool> boolean(const json& object, const std::string& pointer, std::string_view key, bool fallback);

    std::optional<Date> dateValue(const json& value, const std::string& pointer);
    std::optional<Date> date(const json& object, const std::string& pointer, std::string_view key);

    template <typename E, std::size_t N>
    std::optional<E> choiceValue(const json& value, const std::string& pointer, const std::array<E, N>& options) {
        if (value.is_string()) {
            const auto& text = value.get_ref<const std::string&>();
            for (E option : options)
                if (name(option) == text) return option;
        }
        add(pointer, &value, choiceRule(options));
        return std::nullopt;
    }

    template <typename E, std::size_t N>
    std::optional<E> choice(const json& object, const std::string& pointer, std::string_view key,
                            const std::array<E, N>& options, std::type_identity_t<std::optional<E>> fallback) {
        const json* value = fallback ? find(object, key) : required(object, pointer, key);
        if (value == nullptr) return fallback;
        return choiceValue(*value, childPointer(pointer, key), options);
    }

    //! An array (of any length); nullptr after reporting when it is something else.
    const json* array(const json& value, const std::string& pointer);
    bool count(const json& array, const std::string& pointer, std::int64_t lo, std::int64_t hi,
               const std::string& hiText = {});
    //! An array of numbers in `range` (each problem at its entry); nullopt if any is bad.
    std::optional<std::vector<double>> numbers(const json& array, const std::string& pointer, const Range& range);
};

}  // namespace itsb::scenarios::detail
