#include "tokenizers/model_tables.h"

#include <limits>

#include "core/json_util.h"
#include "core/utf8.h"

namespace glassbox::tok {

namespace {

struct Cursor {
  std::string_view t;
  std::size_t p = 0;
  void ws() {
    while (p < t.size() && (t[p] == ' ' || t[p] == '\n' || t[p] == '\r' || t[p] == '\t')) ++p;
  }
  bool eat(char c) {
    ws();
    if (p < t.size() && t[p] == c) {
      ++p;
      return true;
    }
    return false;
  }
  char peek() {
    ws();
    return p < t.size() ? t[p] : '\0';
  }
};

// A JSON string at c.p (after whitespace). Strings without escapes are views into the text; others are
// decoded by the JSON library into `decoded`. Fails on control characters and invalid UTF-8, as the
// JSON parser would.
bool readString(Cursor& c, std::deque<std::string>& decoded, std::string_view& out) {
  if (c.peek() != '"') return false;
  const std::size_t open = c.p++;
  bool escaped = false;
  for (; c.p < c.t.size(); ++c.p) {
    const auto ch = static_cast<unsigned char>(c.t[c.p]);
    if (ch == '"') break;
    if (ch < 0x20) return false;
    if (ch == '\\') {
      escaped = true;
      ++c.p;
    }
  }
  if (c.p >= c.t.size()) return false;
  const std::string_view inner = c.t.substr(open + 1, c.p - open - 1);
  ++c.p;
  if (!escaped) {
    if (!isValidUtf8(inner)) return false;
    out = inner;
    return true;
  }
  try {
    decoded.push_back(Json::parse(c.t.substr(open, c.p - open)).get<std::string>());
  } catch (const Json::exception&) {
    return false;
  }
  out = decoded.back();
  return true;
}

// Skips any JSON value without recursion (brackets counted, strings stepped over); the skipped text is
// checked later by the JSON parser.
bool skipValue(Cursor& c) {
  c.ws();
  std::size_t depth = 0;
  while (c.p < c.t.size()) {
    const char ch = c.t[c.p];
    if (ch == '"') {
      for (++c.p; c.p < c.t.size() && c.t[c.p] != '"'; ++c.p)
        if (c.t[c.p] == '\\') ++c.p;
      if (c.p >= c.t.size()) return false;
      ++c.p;
    } else if (ch == '{' || ch == '[') {
      ++depth;
      ++c.p;
    } else if (ch == '}' || ch == ']') {
      if (depth == 0) return true;  // end of the enclosing container
      --depth;
      ++c.p;
    } else if (ch == ',' && depth == 0) {
      return true;
    } else {
      ++c.p;
    }
    if (depth == 0 && (ch == '"' || ch == '}' || ch == ']')) return true;
  }
  return depth == 0;
}

// -?(0|[1-9][0-9]*) fitting an int, not followed by a fraction or exponent.
bool readInt(Cursor& c, int& out) {
  c.ws();
  std::size_t q = c.p;
  const bool neg = q < c.t.size() && c.t[q] == '-';
  if (neg) ++q;
  const std::size_t digits = q;
  std::int64_t v = 0;
  while (q < c.t.size() && c.t[q] >= '0' && c.t[q] <= '9') {
    v = v * 10 + (c.t[q] - '0');
    if (v > std::numeric_limits<int>::max()) return false;
    ++q;
  }
  if (q == digits || (q - digits > 1 && c.t[digits] == '0')) return false;
  if (q < c.t.size() && (c.t[q] == '.' || c.t[q] == 'e' || c.t[q] == 'E')) return false;
  out = static_cast<int>(neg ? -v : v);
  c.p = q;
  return true;
}

bool readVocab(Cursor& c, ModelTables& tables) {
  auto& list = tables.vocab.emplace();
  if (!c.eat('{')) return false;
  if (c.eat('}')) return true;
  do {
    std::string_view key;
    int id = 0;
    if (!readString(c, tables.decoded, key) || !c.eat(':') || !readInt(c, id)) return false;
    list.emplace_back(key, id);
  } while (c.eat(','));
  return c.eat('}');
}

bool readMerges(Cursor& c, ModelTables& tables) {
  auto& list = tables.merges.emplace();
  if (!c.eat('[')) return false;
  if (c.eat(']')) return true;
  do {
    std::string_view a, b;
    if (c.peek() == '"') {
      std::string_view s;
      if (!readString(c, tables.decoded, s)) return false;
      const auto sp = s.find(' ', 1);
      if (sp == std::string_view::npos) return false;  // the ordinary path names the bad entry
      a = s.substr(0, sp);
      b = s.substr(sp + 1);
    } else if (!c.eat('[') || !readString(c, tables.decoded, a) || !c.eat(',') || !readString(c, tables.decoded, b) ||
               !c.eat(']')) {
      return false;
    }
    list.emplace_back(a, b);
  } while (c.eat(','));
  return c.eat(']');
}

// Iterates the members of the object at c.p: fn(key, cursor at the value) must consume the value.
template <class Fn>
bool forEachMember(Cursor& c, std::deque<std::string>& decoded, Fn&& fn) {
  if (!c.eat('{')) return false;
  if (c.eat('}')) return true;
  do {
    std::string_view key;
    if (!readString(c, decoded, key) || !c.eat(':')) return false;
    c.ws();
    if (!fn(key)) return false;
  } while (c.eat(','));
  return c.eat('}');
}

}  // namespace

std::optional<std::string> extractModelTables(std::string_view text, ModelTables& tables) {
  tables = ModelTables();
  Cursor c{text, 0};
  std::vector<std::pair<std::size_t, std::size_t>> cut;  // value ranges, in order
  std::vector<const char*> replacement;
  bool seenModel = false;
  const bool ok = forEachMember(c, tables.decoded, [&](std::string_view key) {
    if (key != "model") return skipValue(c);
    if (seenModel || c.peek() != '{') return false;  // a repeated or odd "model": leave it to the JSON parser
    seenModel = true;
    return forEachMember(c, tables.decoded, [&](std::string_view field) {
      const std::size_t b = c.p;
      if ((field == "vocab" && tables.vocab) || (field == "merges" && tables.merges)) return false;  // repeated
      if (field == "vocab" && c.peek() == '{') {
        if (!readVocab(c, tables)) return false;
        cut.emplace_back(b, c.p);
        replacement.push_back("{}");
        return true;
      }
      if (field == "merges" && c.peek() == '[') {
        if (!readMerges(c, tables)) return false;
        cut.emplace_back(b, c.p);
        replacement.push_back("[]");
        return true;
      }
      return skipValue(c);
    });
  });
  c.ws();
  if (!ok || c.p != text.size() || cut.empty()) return std::nullopt;
  std::string rest;
  std::size_t pos = 0;
  for (std::size_t k = 0; k < cut.size(); ++k) {
    rest.append(text, pos, cut[k].first - pos);
    rest += replacement[k];
    pos = cut[k].second;
  }
  rest.append(text, pos);
  return rest;
}

}  // namespace glassbox::tok
