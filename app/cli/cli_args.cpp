#include "cli_args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/error.h"

namespace glassbox::cli {

CliArgs::CliArgs(const std::vector<std::string>& args, const std::set<std::string>& booleanFlags) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0 || a.size() == 2) throw Error("unexpected argument \"" + a + "\" (flags start with --)");
    std::string name = a.substr(2), value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (booleanFlags.count(name)) {
      value = "1";
    } else {
      if (i + 1 >= args.size()) throw Error("flag --" + name + " needs a value");
      value = args[++i];
    }
    values_.emplace(name, value);
    order_.push_back(name);
  }
}

bool CliArgs::has(const std::string& name) const { return values_.count(name) > 0; }

std::optional<std::string> CliArgs::get(const std::string& name) const {
  auto [b, e] = values_.equal_range(name);
  if (b == e) return std::nullopt;
  std::optional<std::string> last;
  for (auto it = b; it != e; ++it) last = it->second;
  return last;
}

std::vector<std::string> CliArgs::getAll(const std::string& name) const {
  std::vector<std::string> out;
  auto [b, e] = values_.equal_range(name);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

std::string CliArgs::getOr(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

long long CliArgs::getInt(const std::string& name, long long fallback, long long lo, long long hi) const {
  auto v = get(name);
  if (!v) return fallback;
  errno = 0;
  char* end = nullptr;
  long long x = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end != 0 || errno == ERANGE)
    throw Error("--" + name + " expects an integer, got \"" + *v + "\"");
  if (x < lo || x > hi)
    throw Error("--" + name + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + *v);
  return x;
}

double CliArgs::getDouble(const std::string& name, double fallback) const {
  auto v = get(name);
  if (!v) return fallback;
  char* end = nullptr;
  double x = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != 0) throw Error("--" + name + " expects a number, got \"" + *v + "\"");
  if (!std::isfinite(x)) throw Error("--" + name + " must be a finite number, got \"" + *v + "\"");
  return x;
}

void CliArgs::rejectUnknown(const std::set<std::string>& known) const {
  for (const auto& name : order_)
    if (!known.count(name)) throw Error("unknown flag --" + name + " (see glassbox-cli help)");
}

}  // namespace glassbox::cli
