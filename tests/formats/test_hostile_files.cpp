// Hostile input: corrupted, truncated and lying files. Each must give a glassbox::Error whose message
// names the file and what was wrong; none may crash, hang or allocate what the file claims.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "core/error.h"
#include "core/json_util.h"
#include "models/registry.h"
#include "formats/llama2c_checkpoint.h"
#include "formats/safetensors.h"
#include "formats/test_util.h"

using namespace glassbox;
using glassbox::testing::freshTempDir;
using glassbox::testing::safetensorsBytes;
using glassbox::testing::writeBytes;

namespace {

// Runs fn and checks it throws Error mentioning both `file` and `what`.
void expectError(const std::function<void()>& fn, const std::string& file, const std::string& what) {
  try {
    fn();
    ADD_FAILURE() << "expected an Error mentioning \"" << what << "\"";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(file), std::string::npos) << "message does not name " << file << ": " << msg;
    if (std::getenv("GLASSBOX_PRINT_ERRORS")) std::printf("%s\n", msg.c_str());
    EXPECT_NE(msg.find(what), std::string::npos) << "message does not say \"" << what << "\": " << msg;
  }
}

std::string f32Entry(const std::string& name, const std::string& shape, const std::string& offsets) {
  return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
}

struct SafetensorsCase {
  const char* name;
  std::string bytes;
  const char* expected;
};

std::string u64le(std::uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
  return s;
}

std::vector<SafetensorsCase> safetensorsCases() {
  const std::string data16(16, '\0');
  auto one = [&](const std::string& entry) { return safetensorsBytes("{" + entry + "}", data16); };
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "{\"a\":";
  deep += '1';
  deep.append(100000, '}');
  return {
      {"Empty", "", "too short"},
      {"ShorterThan8Bytes", std::string("\x05\x00\x00", 3), "too short"},
      {"HeaderLongerThanFile", safetensorsBytes("{}", "", 4096), "larger than"},
      {"HeaderLength2Pow63", safetensorsBytes("{}", "", std::uint64_t{1} << 63), "larger than"},
      {"HeaderClaims1GB", u64le(1000000000) + "{\"a\":\"" + std::string(100, 'x'), "larger than"},
      {"HeaderCutInsideString", safetensorsBytes("{\"a\":\"xxxxxxxx", data16), "invalid JSON"},
      {"InvalidJson", safetensorsBytes("{\"a\": nope}", data16), "invalid JSON"},
      {"InvalidUtf8Name", safetensorsBytes("{\"\xff\xfe\":{}}", data16), "invalid JSON"},
      {"HeaderNotAnObject", safetensorsBytes("[1, 2, 3]", data16), "not a JSON object"},
      {"HeaderOnlySpaces", safetensorsBytes("        ", data16), "not a JSON object"},
      {"Nested100000Deep", safetensorsBytes(deep, data16), "nested"},
      {"EntryNotAnObject", one("\"w\": 5"), "not a JSON object"},
      {"MetadataNotAnObject", one("\"__metadata__\": [1]"), "__metadata__"},
      {"UnknownDtype", one(R"("w":{"dtype":"Q9","shape":[4],"data_offsets":[0,16]})"), "Q9"},
      {"MissingDtype", one(R"("w":{"shape":[4],"data_offsets":[0,16]})"), "dtype"},
      {"MissingShape", one(R"("w":{"dtype":"F32","data_offsets":[0,16]})"), "shape"},
      {"NegativeDimension", one(f32Entry("w", "[-4]", "[0,16]")), "non-negative"},
      {"FractionalDimension", one(f32Entry("w", "[1.5]", "[0,16]")), "non-negative"},
      {"ShapeProductOverflows", one(f32Entry("w", "[4294967296,4294967296,16]", "[0,16]")), "overflows"},
      {"TooManyDimensions", one(f32Entry("w", "[1,1,1,1,1,1,1,1,1,4]", "[0,16]")), "dimensions"},
      {"TrillionElements", one(f32Entry("w", "[1000000,1000000]", "[0,16]")), "4000000000000 bytes"},
      {"OffsetsPastEnd", one(f32Entry("w", "[4]", "[8,24]")), "past the end"},
      {"OffsetsHuge", one(f32Entry("w", "[4]", "[18446744073709551600,18446744073709551615]")), "past the end"},
      {"ReversedOffsets", one(f32Entry("w", "[0]", "[16,0]")), "reversed"},
      {"NegativeOffset", one(f32Entry("w", "[4]", "[-16,0]")), "non-negative"},
      {"MissingOffsets", one(R"("w":{"dtype":"F32","shape":[4]})"), "data_offsets"},
      {"OffsetsNotAPair", one(f32Entry("w", "[4]", "[0,8,16]")), "data_offsets"},
      {"ByteLengthMismatch", one(f32Entry("w", "[3]", "[0,16]")), "needs 12 bytes"},
      {"F16ByteLengthMismatch", one(R"("w":{"dtype":"F16","shape":[4],"data_offsets":[0,16]})"), "needs 8 bytes"},
      {"OverlappingTensors", one(f32Entry("a", "[3]", "[0,12]") + "," + f32Entry("b", "[2]", "[8,16]")),
       "overlap"},
      {"OverlapAcrossEmptyTensor",
       one(f32Entry("a", "[4]", "[0,16]") + "," + f32Entry("e", "[0]", "[4,4]") + "," +
           f32Entry("b", "[1]", "[8,12]")),
       "overlap"},
  };
}

void PrintTo(const SafetensorsCase& c, std::ostream* os) { *os << c.name; }

class HostileSafetensors : public ::testing::TestWithParam<SafetensorsCase> {};

}  // namespace

TEST_P(HostileSafetensors, GivesClearError) {
  const auto dir = freshTempDir();
  const std::string file = std::string(GetParam().name) + ".safetensors";
  const std::string path = (dir / file).string();
  writeBytes(path, GetParam().bytes);
  expectError([&] { openSafetensors(path); }, file, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, HostileSafetensors, ::testing::ValuesIn(safetensorsCases()),
                         [](const ::testing::TestParamInfo<SafetensorsCase>& p) { return std::string(p.param.name); });

// ---- sharded folders ----

namespace {
void writeIndex(const std::filesystem::path& dir, const std::string& weightMap) {
  writeBytes(dir / "model.safetensors.index.json", "{\"weight_map\": " + weightMap + "}");
}
}  // namespace

TEST(HostileFolder, ShardEscapingTheFolder) {
  const auto dir = freshTempDir();
  writeIndex(dir, R"({"a": "../outside.safetensors"})");
  expectError([&] { openSafetensorsFolder(dir.string()); }, "model.safetensors.index.json", "../outside");
  writeIndex(dir, R"({"a": "sub/../../x.safetensors"})");
  expectError([&] { openSafetensorsFolder(dir.string()); }, "model.safetensors.index.json", "not a plain file name");
}

TEST(HostileFolder, AbsoluteShardPath) {
  const auto dir = freshTempDir();
  writeIndex(dir, R"({"a": "/etc/passwd"})");
  expectError([&] { openSafetensorsFolder(dir.string()); }, "model.safetensors.index.json", "/etc/passwd");
}

TEST(HostileFolder, TensorMissingFromItsShard) {
  const auto dir = freshTempDir();
  writeSafetensors((dir / "s1.safetensors").string(), {f32Tensor("a", {1}, {1.0f})});
  writeSafetensors((dir / "s2.safetensors").string(), {f32Tensor("b", {1}, {1.0f})});
  writeIndex(dir, R"({"a": "s1.safetensors", "b": "s1.safetensors"})");
  expectError([&] { openSafetensorsFolder(dir.string()); }, "s1.safetensors", "\"b\"");
}

TEST(HostileFolder, MissingShardFile) {
  const auto dir = freshTempDir();
  writeIndex(dir, R"({"a": "gone.safetensors"})");
  expectError([&] { openSafetensorsFolder(dir.string()); }, "gone.safetensors", "cannot open");
}

TEST(HostileFolder, CorruptedShard) {
  const auto dir = freshTempDir();
  writeSafetensors((dir / "s1.safetensors").string(), {f32Tensor("a", {1}, {1.0f})});
  writeBytes(dir / "s2.safetensors", "\x01\x02");
  writeIndex(dir, R"({"a": "s1.safetensors", "b": "s2.safetensors"})");
  expectError([&] { openSafetensorsFolder(dir.string()); }, "s2.safetensors", "too short");
}

TEST(HostileFolder, IndexWithoutWeightMap) {
  const auto dir = freshTempDir();
  writeBytes(dir / "model.safetensors.index.json", R"({"metadata": {}})");
  expectError([&] { openSafetensorsFolder(dir.string()); }, "model.safetensors.index.json", "weight_map");
}

TEST(HostileFolder, SameTensorInTwoShards) {
  const auto dir = freshTempDir();
  writeSafetensors((dir / "s1.safetensors").string(), {f32Tensor("a", {1}, {1.0f})});
  writeSafetensors((dir / "s2.safetensors").string(), {f32Tensor("a", {1}, {1.0f})});
  writeIndex(dir, R"({"a": "s1.safetensors", "b": "s2.safetensors"})");
  expectError([&] { openSafetensorsFolder(dir.string()); }, dir.string(), "appears twice");
}

// ---- config.json ----

namespace {

struct ConfigCase {
  const char* name;
  std::string json;
  const char* expected;
};

// A valid Llama config with one field set to a bad value (JSON text), or unchanged when key is empty.
std::string llamaWith(const std::string& key = "", const std::string& valueJson = "") {
  Json j = {{"model_type", "llama"},       {"hidden_size", 64},         {"num_hidden_layers", 2},
            {"num_attention_heads", 4},    {"num_key_value_heads", 2},  {"intermediate_size", 128},
            {"max_position_embeddings", 256}, {"vocab_size", 100}};
  if (!key.empty()) j[key] = Json::parse(valueJson);
  return j.dump();
}

std::vector<ConfigCase> configCases() {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  return {
      {"InvalidJson", "{\"model_type\": \"gpt2\",", "invalid JSON"},
      {"NotAnObject", "[\"gpt2\"]", "JSON object"},
      {"Nested100000Deep", deep, "nested"},
      {"UnknownArchitecture", R"({"architectures": ["MambaForCausalLM"], "model_type": "mamba"})",
       "MambaForCausalLM"},
      {"NoArchitectureAtAll", R"({"hidden_size": 64})", "not supported"},
      {"ArchitecturesNotAList", R"({"architectures": "GPT2LMHeadModel"})", "architectures"},
      {"Gpt2MissingNEmbd", R"({"model_type": "gpt2", "n_layer": 2, "n_head": 2, "n_positions": 8, "vocab_size": 9})",
       "n_embd"},
      {"Gpt2NegativeLayers",
       R"({"model_type": "gpt2", "n_embd": 8, "n_layer": -2, "n_head": 2, "n_positions": 8, "vocab_size": 9})",
       "n_layer"},
      {"Gpt2AbsurdVocab",
       R"({"model_type": "gpt2", "n_embd": 8, "n_layer": 2, "n_head": 2, "n_positions": 8, "vocab_size": 1e12})",
       "vocab_size"},
      {"Gpt2HugeUnsigned",
       R"({"model_type": "gpt2", "n_embd": 18446744073709551615, "n_layer": 2, "n_head": 2, "n_positions": 8,
           "vocab_size": 9})",
       "n_embd"},
      {"Gpt2StringDim",
       R"({"model_type": "gpt2", "n_embd": "768", "n_layer": 2, "n_head": 2, "n_positions": 8, "vocab_size": 9})",
       "n_embd"},
      {"Gpt2HeadsDoNotDivide",
       R"({"model_type": "gpt2", "n_embd": 10, "n_layer": 2, "n_head": 3, "n_positions": 8, "vocab_size": 9})",
       "not divisible"},
      {"Gpt2ZeroEps",
       R"({"model_type": "gpt2", "n_embd": 8, "n_layer": 2, "n_head": 2, "n_positions": 8, "vocab_size": 9,
           "layer_norm_epsilon": 0})",
       "layer_norm_epsilon"},
      {"LlamaMissingIntermediate", R"({"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2,
           "num_attention_heads": 4, "max_position_embeddings": 256, "vocab_size": 100})",
       "intermediate_size"},
      {"LlamaKvHeadsDoNotDivide", llamaWith("num_key_value_heads", "3"), "not divisible"},
      {"LlamaHiddenNotDivisible", llamaWith("num_attention_heads", "5"), "not divisible"},
      {"LlamaAbsurdLayers", llamaWith("num_hidden_layers", "1000000000"), "num_hidden_layers"},
      {"LlamaAbsurdContext", llamaWith("max_position_embeddings", "999999999999"), "max_position_embeddings"},
      {"LlamaOddHeadDim", llamaWith("head_dim", "15"), "odd"},
      {"LlamaEosOutsideVocab", llamaWith("eos_token_id", "[2, 100]"), "eos_token_id"},
      {"LlamaEosNotANumber", llamaWith("eos_token_id", "\"</s>\""), "eos_token_id"},
      {"LlamaNegativeRopeTheta", llamaWith("rope_theta", "-1"), "rope_theta"},
      {"LlamaUnsupportedActivation", llamaWith("hidden_act", "\"gelu\""), "hidden_act"},
      {"LlamaRopeScaling", llamaWith("rope_scaling", R"({"rope_type": "llama3", "factor": 8.0})"), "rope_scaling"},
  };
}

void PrintTo(const ConfigCase& c, std::ostream* os) { *os << c.name; }

class HostileConfig : public ::testing::TestWithParam<ConfigCase> {};

}  // namespace

TEST_P(HostileConfig, GivesClearError) {
  const std::string what = std::string("bad-") + GetParam().name + "/config.json";
  expectError([&] { parseHfConfig(GetParam().json, what); }, what, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, HostileConfig, ::testing::ValuesIn(configCases()),
                         [](const ::testing::TestParamInfo<ConfigCase>& p) { return std::string(p.param.name); });

TEST(HostileConfigFolder, ErrorsNameTheFile) {
  const auto dir = freshTempDir();
  expectError([&] { readHfConfigFolder(dir.string()); }, dir.string(), "no config.json");
  writeBytes(dir / "config.json", "{\"model_type\": ");
  expectError([&] { readHfConfigFolder(dir.string()); }, (dir / "config.json").string(), "invalid JSON");
  writeBytes(dir / "config.json", llamaWith());
  writeBytes(dir / "generation_config.json", R"({"eos_token_id": 100000})");
  expectError([&] { readHfConfigFolder(dir.string()); }, (dir / "generation_config.json").string(), "vocabulary");
}

// ---- llama2.c checkpoints ----

namespace {

std::string int32s(std::initializer_list<std::int64_t> v) {
  std::string out;
  for (std::int64_t x : v) {
    const auto u = static_cast<std::uint32_t>(static_cast<std::int32_t>(x));
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
  }
  return out;
}

// dim 4, hidden 6, 2 layers, 2 heads, 1 kv head, vocab 5, seq 3: 286 floats tied, 306 untied.
std::string tinyHeader(std::int64_t vocab = 5) { return int32s({4, 6, 2, 2, 1, vocab, 3}); }

struct Llama2cCase {
  const char* name;
  std::string bytes;
  const char* expected;
};

std::vector<Llama2cCase> llama2cCases() {
  const std::string floats286(286 * 4, '\0');
  return {
      {"Empty", "", "too short"},
      {"TruncatedHeader", tinyHeader().substr(0, 17), "too short"},
      {"NegativeDim", int32s({-4, 6, 2, 2, 1, 5, 3}) + floats286, "dim = -4"},
      {"ZeroLayers", int32s({4, 6, 0, 2, 1, 5, 3}) + floats286, "n_layers = 0"},
      {"ZeroVocab", int32s({4, 6, 2, 2, 1, 0, 3}) + floats286, "vocab_size"},
      {"MinIntVocab", int32s({4, 6, 2, 2, 1, INT32_MIN, 3}) + floats286, "vocab_size"},
      {"ZeroKvHeads", int32s({4, 6, 2, 2, 0, 5, 3}) + floats286, "n_kv_heads = 0"},
      {"DimsWhoseProductOverflows",
       int32s({INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX}), "dim = 2147483647"},
      {"LargestAllowedDimsDoNotFit", int32s({1 << 17, 1 << 17, 1024, 1024, 1024, 1 << 22, 1 << 21}), "exactly"},
      {"HeadsDoNotDivideDim", int32s({6, 6, 2, 4, 1, 5, 3}) + floats286, "not divisible"},
      {"KvHeadsDoNotDivideHeads", int32s({8, 6, 2, 4, 3, 5, 3}) + floats286, "not divisible"},
      {"OddHeadSize", int32s({6, 6, 2, 2, 1, 5, 3}) + floats286, "odd"},
      {"OneFloatShort", tinyHeader() + floats286.substr(4), "exactly"},
      {"ExtraBytes", tinyHeader() + floats286 + "junk", "exactly"},
      {"UntiedButClassifierMissing", tinyHeader(-5) + floats286, "sign of vocab_size"},
      {"TiedButClassifierPresent", tinyHeader(5) + floats286 + std::string(20 * 4, '\0'), "sign of vocab_size"},
      {"SafetensorsGivenAsLlama2c", safetensorsBytes(std::string("{}").append(30, ' '), ""), "outside"},
  };
}

void PrintTo(const Llama2cCase& c, std::ostream* os) { *os << c.name; }

class HostileLlama2c : public ::testing::TestWithParam<Llama2cCase> {};

}  // namespace

TEST_P(HostileLlama2c, GivesClearError) {
  const auto dir = freshTempDir();
  const std::string file = std::string(GetParam().name) + ".bin";
  const std::string path = (dir / file).string();
  writeBytes(path, GetParam().bytes);
  expectError([&] { openLlama2cCheckpoint(path); }, file, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, HostileLlama2c, ::testing::ValuesIn(llama2cCases()),
                         [](const ::testing::TestParamInfo<Llama2cCase>& p) { return std::string(p.param.name); });
