#pragma once
// Command-line flags of glassbox-cli: "--name value", "--name=value" and boolean "--name".
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace glassbox::cli {

class CliArgs {
 public:
  // booleanFlags: names (without "--") that take no value. Throws Error on unknown syntax.
  CliArgs(const std::vector<std::string>& args, const std::set<std::string>& booleanFlags);

  bool has(const std::string& name) const;
  std::optional<std::string> get(const std::string& name) const;  // last occurrence
  std::vector<std::string> getAll(const std::string& name) const;
  std::string getOr(const std::string& name, const std::string& fallback) const;
  // Numbers: Error names the flag when the value is not a number or outside [lo, hi].
  long long getInt(const std::string& name, long long fallback, long long lo, long long hi) const;
  double getDouble(const std::string& name, double fallback) const;
  // Error listing any flag not in `known` (catches typos like --temprature).
  void rejectUnknown(const std::set<std::string>& known) const;

 private:
  std::multimap<std::string, std::string> values_;
  std::vector<std::string> order_;
};

}  // namespace glassbox::cli
