#pragma once
// Fast reading of the two big parts of a tokenizer.json, "model"."vocab" (an object of token: id) and
// "model"."merges" (a list of "a b" or [a, b]): they are most of the file (Llama 3: 128k tokens, 280k
// merges), and a general JSON DOM spends most of the load building and freeing a node per entry. The
// text is scanned once to find both values, they are read into flat lists, and the rest of the document
// (with those two values replaced by {} and []) goes through the ordinary JSON parser.
// Anything unusual (escapes that do not decode, non-integer ids, invalid UTF-8, odd structure) makes the
// fast path give up, and the caller parses the whole file the ordinary way, which reports the error.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glassbox::tok {

struct ModelTables {
  // Views into the tokenizer.json text, or into `decoded` for strings that had escapes.
  std::optional<std::vector<std::pair<std::string_view, int>>> vocab;                  // file order
  std::optional<std::vector<std::pair<std::string_view, std::string_view>>> merges;  // file order
  std::deque<std::string> decoded;
};

// On success returns the document without the two values (replaced by {} and []) and fills `tables`
// with those found; returns nullopt when the fast path does not apply (then `tables` holds nothing
// usable). `text` must outlive `tables`.
std::optional<std::string> extractModelTables(std::string_view text, ModelTables& tables);

}  // namespace glassbox::tok
