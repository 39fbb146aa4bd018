#pragma once
// glassbox-bench: each benchmark file registers itself; main runs them in order and prints figures and
// ratios measured in the same run. With --json, results are collected into one JSON object.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace glassbox::bench {

struct BenchContext {
  std::vector<int> threadCounts = {1, 2};
  bool quick = false;                     // --quick: smaller sizes, for a smoke run
  std::map<std::string, double> results;  // key -> value, printed with --json
  void report(const std::string& key, double value, const std::string& unit, const std::string& note = "");
};

using BenchFn = std::function<void(BenchContext&)>;

struct BenchRegistrar {
  BenchRegistrar(const char* name, int order, BenchFn fn);
};

struct RegisteredBench {
  std::string name;
  int order;
  BenchFn fn;
};
std::vector<RegisteredBench>& registry();

// Seconds of wall-clock time since an arbitrary start, for timing inside benchmarks.
double nowSeconds();

// Reports key + "_t<threads>" and, for the last thread count of the run, the headline key too.
void reportBoth(BenchContext& ctx, int threads, const std::string& key, double value, const std::string& unit,
                const std::string& note = "");

// Runs `cmd` through the shell; `out` gets its standard output. Returns its exit status (-1 when it
// could not run or did not exit normally).
int runCommand(const std::string& cmd, std::string& out);
// `s` single-quoted for the shell.
std::string quoted(const std::string& s);

}  // namespace glassbox::bench

#define GLASSBOX_BENCH(name, order) \
  static void name##_run(::glassbox::bench::BenchContext&); \
  static ::glassbox::bench::BenchRegistrar name##_registrar(#name, order, name##_run); \
  static void name##_run(::glassbox::bench::BenchContext& ctx)
