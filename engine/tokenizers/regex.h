#pragma once
// A compiled PCRE2 pattern (UTF and UCP mode, JIT when available). Immutable; matching may run
// concurrently from any number of threads.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glassbox::tok {

class Regex {
 public:
  // `what` names the pattern's origin for errors ("pre_tokenizer Split pattern").
  Regex(const std::string& pattern, const std::string& what);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // All non-overlapping matches, left to right, as byte ranges of `text`. `text` must be valid UTF-8 (it is
  // not checked again: pipeline text is sanitized on entry).
  void findAll(std::string_view text, std::vector<std::pair<std::size_t, std::size_t>>& out) const;

  static std::string escape(std::string_view literal);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace glassbox::tok
