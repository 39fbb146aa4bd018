// glassbox-bench [--json FILE] [--only NAME] [--quick] [--threads 1,2]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include <sys/wait.h>

#include "bench.h"
#include "core/json_util.h"

namespace glassbox::bench {

std::vector<RegisteredBench>& registry() {
  static std::vector<RegisteredBench> r;
  return r;
}

BenchRegistrar::BenchRegistrar(const char* name, int order, BenchFn fn) {
  registry().push_back({name, order, std::move(fn)});
}

void BenchContext::report(const std::string& key, double value, const std::string& unit, const std::string& note) {
  results[key] = value;
  std::printf("  %-40s %12.4g %-10s %s\n", key.c_str(), value, unit.c_str(), note.c_str());
  std::fflush(stdout);
}

double nowSeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

void reportBoth(BenchContext& ctx, int threads, const std::string& key, double value, const std::string& unit,
                const std::string& note) {
  ctx.report(key + "_t" + std::to_string(threads), value, unit, note);
  if (threads == ctx.threadCounts.back()) ctx.results[key] = value;
}

int runCommand(const std::string& cmd, std::string& out) {
  out.clear();
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  return (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
}

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace glassbox::bench

int main(int argc, char** argv) {
  using namespace glassbox::bench;
  BenchContext ctx;
  std::string jsonPath, only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json") && i + 1 < argc) jsonPath = argv[++i];
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else if (!std::strcmp(argv[i], "--quick")) ctx.quick = true;
    else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) {
      ctx.threadCounts.clear();
      for (char* tok = std::strtok(argv[++i], ","); tok; tok = std::strtok(nullptr, ","))
        ctx.threadCounts.push_back(std::max(1, std::atoi(tok)));
    } else {
      std::fprintf(stderr, "usage: glassbox-bench [--json FILE] [--only NAME] [--quick] [--threads 1,2]\n");
      return 2;
    }
  }
  auto& benches = registry();
  std::sort(benches.begin(), benches.end(), [](auto& a, auto& b) { return a.order < b.order; });
  for (auto& b : benches) {
    if (!only.empty() && b.name.find(only) == std::string::npos) continue;
    std::printf("== %s\n", b.name.c_str());
    try {
      b.fn(ctx);
    } catch (const std::exception& e) {
      std::printf("  failed: %s\n", e.what());
    }
  }
  if (!jsonPath.empty()) {
    glassbox::Json j = glassbox::Json::object();
    for (auto& [k, v] : ctx.results) j[k] = v;
    std::ofstream(jsonPath) << j.dump(2) << "\n";
  }
  return 0;
}
