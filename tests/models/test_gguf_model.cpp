// GGUF models: the real stories260K (F32, Q8_0, Q4_0) against llama.cpp's greedy text and against the same
// weights loaded as a Hugging Face folder; tiny random Llama, Qwen2 and GPT-2 models converted here to GGUF
// (q/k permuted as llama.cpp's converter does, GPT-2's Conv1D transposed) against their Hugging Face
// originals at 1e-5; quantized copies whose logits approach the F32 ones as the bits grow; hostile files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/json_util.h"
#include "core/quant_blocks.h"
#include "formats/gguf.h"
#include "formats/gguf_writer.h"
#include "formats/safetensors.h"
#include "models/model.h"
#include "models/model_weights.h"
#include "tiny_model.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {
namespace {

using testing::freshTempDir;

const std::string kStories = GLASSBOX_SHARED_DIR "/fixtures/stories260K-gguf";

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// llama.cpp's text for a file: the prompt's pieces (" Once upon a time") and 100 greedy tokens.
std::string greedyText(const std::string& model, int tokens) {
  const auto m = Model::load(model);
  const auto tok = Tokenizer::load(model);
  InferenceSession s(m);
  const Encoding prompt = tok->encode("Once upon a time", true);
  std::string text;
  for (std::size_t i = 1; i < prompt.ids.size(); ++i) text += tok->tokenBytes(prompt.ids[i]);
  std::vector<int> next = prompt.ids;
  for (int i = 0; i < tokens; ++i) {
    const auto& logits = s.forward(next);
    const int id = static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
    if (m->config().eosTokenIds.size() && id == m->config().eosTokenIds[0]) break;
    text += tok->tokenBytes(id);
    next = {id};
  }
  return text;
}

class Stories : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kStories + "/stories260K.gguf"))
      GTEST_SKIP() << kStories << " is absent (the shared fixtures are not part of a fresh clone)";
  }
};

TEST_F(Stories, F32AndQ8_0ReproduceLlamaCppInFull) {
  for (const char* type : {"F32", "Q8_0"}) {
    const std::string file = kStories + (std::string(type) == "F32" ? "/stories260K.gguf" : "/stories260K-Q8_0.gguf");
    std::string expected = readText(kStories + "/llamacpp_greedy_once_upon_a_time_n100_" + type + ".txt");
    while (!expected.empty() && expected.back() == '\n') expected.pop_back();
    EXPECT_EQ(greedyText(file, 100), expected) << type;
  }
}

TEST_F(Stories, Q4_0AgreesThroughTheFirstSentence) {
  const std::string expected = readText(kStories + "/llamacpp_greedy_once_upon_a_time_n100_Q4_0.txt");
  const std::string first = expected.substr(0, expected.find('.') + 1);
  ASSERT_EQ(first, " Once upon a time, there was a little girl named Lily.");
  EXPECT_EQ(greedyText(kStories + "/stories260K-Q4_0.gguf", 100).substr(0, first.size()), first);
}

TEST_F(Stories, TypesAndTensorsAsStored) {
  const auto m = Model::load(kStories + "/stories260K-Q8_0.gguf");
  EXPECT_EQ(m->info().format, "gguf");
  std::map<std::string, std::string> types;
  for (const TensorSummary& t : m->info().tensors) types[t.name] = t.type();
  EXPECT_EQ(types["blk.0.attn_q.weight"], "Q8_0");
  EXPECT_EQ(types["blk.0.ffn_down.weight"], "F16");  // 172 columns: not whole blocks, kept F16 by llama-quantize
  EXPECT_EQ(types["blk.0.attn_norm.weight"], "F32");
  EXPECT_TRUE(m->weights().decoder.layers[0].self.q.blocks);         // used in place
  EXPECT_TRUE(m->weights().decoder.layers[0].ffn.down.weight16);     // F16 in place
  EXPECT_EQ(m->weights().ownedBytes, 0u);                // nothing copied: the F32 norms are aligned in the mapping
}

// The F32 file as a Hugging Face folder: llama.cpp's q/k permutation undone (rotate-half order), the same
// values otherwise. Both loads must give the same logits.
TEST_F(Stories, F32GgufMatchesTheSameWeightsAsAHuggingFaceFolder) {
  const auto g = GgufFile::open(kStories + "/stories260K.gguf");
  const auto m = Model::load(kStories + "/stories260K.gguf");
  const ModelConfig& c = m->config();
  const auto dir = freshTempDir();
  std::vector<TensorToWrite> out;
  auto tensor = [&](const std::string& gguf, const std::string& hf, int heads) {
    const GgufTensorInfo* t = g->findTensor(gguf);
    ASSERT_TRUE(t) << gguf;
    ASSERT_EQ(t->typeName, "F32");
    const std::vector<std::int64_t> shape(t->dims.rbegin(), t->dims.rend());
    std::vector<float> v(t->bytes / 4);
    std::memcpy(v.data(), t->data, t->bytes);
    if (heads > 0) {  // GGUF row h*D + 2i + j holds HF row h*D + j*D/2 + i
      const std::int64_t D = c.headDim, C = shape[1];
      std::vector<float> hfRows(v.size());
      for (int h = 0; h < heads; ++h)
        for (int i = 0; i < D / 2; ++i)
          for (int j = 0; j < 2; ++j)
            std::copy_n(v.begin() + (h * D + 2 * i + j) * C, C, hfRows.begin() + (h * D + j * D / 2 + i) * C);
      v = hfRows;
    }
    out.push_back(f32Tensor(hf, shape, v));
  };
  tensor("token_embd.weight", "model.embed_tokens.weight", 0);
  tensor("output_norm.weight", "model.norm.weight", 0);
  if (!c.tiedEmbeddings) tensor("output.weight", "lm_head.weight", 0);
  for (int l = 0; l < c.numLayers; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".", h = "model.layers." + std::to_string(l) + ".";
    tensor(b + "attn_norm.weight", h + "input_layernorm.weight", 0);
    tensor(b + "attn_q.weight", h + "self_attn.q_proj.weight", c.numHeads);
    tensor(b + "attn_k.weight", h + "self_attn.k_proj.weight", c.numKvHeads);
    tensor(b + "attn_v.weight", h + "self_attn.v_proj.weight", 0);
    tensor(b + "attn_output.weight", h + "self_attn.o_proj.weight", 0);
    tensor(b + "ffn_norm.weight", h + "post_attention_layernorm.weight", 0);
    tensor(b + "ffn_gate.weight", h + "mlp.gate_proj.weight", 0);
    tensor(b + "ffn_up.weight", h + "mlp.up_proj.weight", 0);
    tensor(b + "ffn_down.weight", h + "mlp.down_proj.weight", 0);
  }
  writeSafetensors((dir / "model.safetensors").string(), out);
  Json j = {{"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"hidden_size", c.dModel},
            {"num_hidden_layers", c.numLayers}, {"num_attention_heads", c.numHeads}, {"num_key_value_heads", c.numKvHeads},
            {"intermediate_size", c.hiddenDim}, {"max_position_embeddings", c.contextLength}, {"rms_norm_eps", c.normEps},
            {"rope_theta", c.ropeTheta}, {"vocab_size", c.vocabSize}, {"tie_word_embeddings", c.tiedEmbeddings}};
  std::ofstream(dir / "config.json") << j.dump();
  const auto hf = Model::load(dir.string());
  EXPECT_EQ(hf->config().ropeStyle, RopeStyle::RotateHalf);
  EXPECT_EQ(c.ropeStyle, RopeStyle::Interleaved);
  const auto ids = testing::randomTokens(24, c.vocabSize, 5);
  const auto a = testing::forwardInChunks(m, ids, {24});
  const auto b = testing::decodeOneByOne(hf, ids);
  EXPECT_LT(testing::maxRelativeError(a, b, 1.0), 1e-5);  // |a - b| <= 1e-5 max(|b|, 1), as test_session
}

// ---- tiny random models converted to GGUF -------------------------------------------------------------

// Converts a Hugging Face folder written by writeTinyHfModel to GGUF the way llama.cpp's converter does,
// matmul weights (and the embedding) stored as `type`.
void writeGgufFrom(const std::filesystem::path& hfDir, const testing::TinySpec& s, const std::string& path, DType type) {
  const auto src = openSafetensorsFolder(hfDir.string());
  const bool gpt2 = s.arch == testing::TinyArch::Gpt2;
  const std::string arch = gpt2 ? "gpt2" : s.modelType;
  GgufWriter w;
  w.addString("general.architecture", arch);
  w.addUInt32(arch + ".block_count", static_cast<std::uint32_t>(s.layers));
  w.addUInt32(arch + ".embedding_length", static_cast<std::uint32_t>(s.dModel));
  w.addUInt32(arch + ".feed_forward_length", static_cast<std::uint32_t>(s.hidden));
  w.addUInt32(arch + ".attention.head_count", static_cast<std::uint32_t>(s.heads));
  w.addUInt32(arch + ".context_length", static_cast<std::uint32_t>(s.context));
  if (gpt2) {
    w.addFloat32(arch + ".attention.layer_norm_epsilon", 1e-5f);
  } else {
    w.addUInt32(arch + ".attention.head_count_kv", static_cast<std::uint32_t>(s.kvHeads));
    w.addFloat32(arch + ".attention.layer_norm_rms_epsilon", 1e-5f);
    w.addFloat32(arch + ".rope.freq_base", s.ropeTheta);
  }
  const std::int64_t D = s.dModel / s.heads;
  const bool permute = !gpt2 && arch != "qwen2";
  auto put = [&](const std::string& hfName, const std::string& ggufName, bool matmul, bool transpose, int heads) {
    const TensorRef& r = src->require(hfName);
    std::vector<float> v(static_cast<std::size_t>(r.elementCount()));
    std::memcpy(v.data(), r.data, v.size() * 4);
    std::vector<std::int64_t> shape = r.shape;
    if (transpose) {  // Conv1D [in][out] -> [out][in]
      std::vector<float> t(v.size());
      for (std::int64_t i = 0; i < shape[0]; ++i)
        for (std::int64_t o = 0; o < shape[1]; ++o) t[static_cast<std::size_t>(o * shape[0] + i)] = v[static_cast<std::size_t>(i * shape[1] + o)];
      v = t;
      std::swap(shape[0], shape[1]);
    }
    if (permute && heads > 0) {  // HF row h*D + j*D/2 + i -> GGUF row h*D + 2i + j
      const std::int64_t C = shape.size() > 1 ? shape[1] : 1;
      std::vector<float> g(v.size());
      for (int h = 0; h < heads; ++h)
        for (std::int64_t i = 0; i < D / 2; ++i)
          for (int j = 0; j < 2; ++j) std::copy_n(v.begin() + (h * D + j * D / 2 + i) * C, C, g.begin() + (h * D + 2 * i + j) * C);
      v = g;
    }
    const bool quantize = matmul && isWholeBlocks(type, shape.back());
    w.addTensorFrom(ggufName, quantize ? type : DType::F32, shape, v);
  };
  if (gpt2) {
    const std::string p = s.transformerPrefix ? "transformer." : "";
    put(p + "wte.weight", "token_embd.weight", true, false, 0);
    put(p + "wpe.weight", "position_embd.weight", false, false, 0);
    for (int l = 0; l < s.layers; ++l) {
      const std::string h = p + "h." + std::to_string(l) + ".", b = "blk." + std::to_string(l) + ".";
      for (auto [from, to, mm] : {std::tuple{"ln_1", "attn_norm", false}, {"attn.c_attn", "attn_qkv", true},
                                  {"attn.c_proj", "attn_output", true}, {"ln_2", "ffn_norm", false}, {"mlp.c_fc", "ffn_up", true},
                                  {"mlp.c_proj", "ffn_down", true}}) {
        put(h + from + ".weight", b + to + ".weight", mm, mm, 0);
        put(h + from + ".bias", b + to + ".bias", false, false, 0);
      }
    }
    put(p + "ln_f.weight", "output_norm.weight", false, false, 0);
    put(p + "ln_f.bias", "output_norm.bias", false, false, 0);
  } else {
    put("model.embed_tokens.weight", "token_embd.weight", true, false, 0);
    for (int l = 0; l < s.layers; ++l) {
      const std::string h = "model.layers." + std::to_string(l) + ".", b = "blk." + std::to_string(l) + ".";
      put(h + "input_layernorm.weight", b + "attn_norm.weight", false, false, 0);
      put(h + "self_attn.q_proj.weight", b + "attn_q.weight", true, false, s.heads);
      put(h + "self_attn.k_proj.weight", b + "attn_k.weight", true, false, s.kvHeads);
      put(h + "self_attn.v_proj.weight", b + "attn_v.weight", true, false, 0);
      if (s.qkvBias) {
        put(h + "self_attn.q_proj.bias", b + "attn_q.bias", false, false, s.heads);
        put(h + "self_attn.k_proj.bias", b + "attn_k.bias", false, false, s.kvHeads);
        put(h + "self_attn.v_proj.bias", b + "attn_v.bias", false, false, 0);
      }
      put(h + "self_attn.o_proj.weight", b + "attn_output.weight", true, false, 0);
      put(h + "post_attention_layernorm.weight", b + "ffn_norm.weight", false, false, 0);
      put(h + "mlp.gate_proj.weight", b + "ffn_gate.weight", true, false, 0);
      put(h + "mlp.up_proj.weight", b + "ffn_up.weight", true, false, 0);
      put(h + "mlp.down_proj.weight", b + "ffn_down.weight", true, false, 0);
    }
    put("model.norm.weight", "output_norm.weight", false, false, 0);
    if (!s.tied) put("lm_head.weight", "output.weight", true, false, 0);
  }
  w.write(path);
}

testing::TinySpec qwen2Spec() {
  testing::TinySpec s;
  s.architectureName = "Qwen2ForCausalLM";
  s.modelType = "qwen2";
  s.qkvBias = true;
  s.kvHeads = 2;
  return s;
}

testing::TinySpec gpt2Spec() {
  testing::TinySpec s;
  s.arch = testing::TinyArch::Gpt2;
  s.architectureName = "GPT2LMHeadModel";
  s.modelType = "gpt2";
  return s;
}

TEST(GgufModel, ConvertedTinyModelsMatchTheirHuggingFaceOriginals) {
  testing::TinySpec untied;
  untied.tied = false;
  untied.kvHeads = 2;
  for (const testing::TinySpec& s : {testing::TinySpec{}, untied, qwen2Spec(), gpt2Spec()}) {
    const auto dir = freshTempDir();
    testing::writeTinyHfModel(dir / "hf", s, 7);
    writeGgufFrom(dir / "hf", s, (dir / "m.gguf").string(), DType::F32);
    const auto hf = Model::load((dir / "hf").string());
    const auto gg = Model::load((dir / "m.gguf").string());
    EXPECT_EQ(gg->config().tiedEmbeddings, s.tied) << s.modelType;
    if (s.arch == testing::TinyArch::Llama) EXPECT_EQ(gg->config().attentionBias, s.qkvBias) << s.modelType;
    const auto ids = testing::randomTokens(12, s.vocab, 3);
    // The same kernels on both sides (cached decode, then one prefill): only the file differs.
    EXPECT_LT(testing::maxRelativeError(testing::decodeOneByOne(gg, ids), testing::decodeOneByOne(hf, ids), 1.0), 1e-5)
        << s.modelType << (s.tied ? "" : " untied");
    EXPECT_LT(testing::maxRelativeError(testing::forwardInChunks(gg, ids, {12}), testing::forwardInChunks(hf, ids, {12}), 1.0), 1e-5)
        << s.modelType << (s.tied ? "" : " untied");
  }
}

// Logits of quantized copies against the F32 model: the error falls as the bits grow, for the 32-element
// types and the K types (dims multiples of 256), Llama and GPT-2.
TEST(GgufModel, QuantizedLogitsApproachF32AsBitsGrow) {
  for (testing::TinyArch arch : {testing::TinyArch::Llama, testing::TinyArch::Gpt2}) {
    testing::TinySpec s = arch == testing::TinyArch::Gpt2 ? gpt2Spec() : testing::TinySpec{};
    s.dModel = 256, s.hidden = 512, s.heads = 4, s.kvHeads = 4, s.vocab = 64;
    const auto dir = freshTempDir();
    testing::writeTinyHfModel(dir / "hf", s, 11);
    writeGgufFrom(dir / "hf", s, (dir / "f32.gguf").string(), DType::F32);
    const auto ids = testing::randomTokens(8, s.vocab, 9);
    const auto ref = testing::forwardInChunks(Model::load((dir / "f32.gguf").string()), ids, {8});
    std::map<DType, double> err;
    for (DType t : {DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::Q8_0, DType::Q4_0, DType::Q5_0,
                    DType::Q4_1, DType::Q5_1}) {
      const std::string path = (dir / (dtypeName(t) + ".gguf")).string();
      writeGgufFrom(dir / "hf", s, path, t);
      const auto m = Model::load(path);
      EXPECT_EQ(m->weights().decoder.layers[0].ffn.up.dtype == t || m->weights().decoder.layers[0].ffn.gate.dtype == t, true) << dtypeName(t);
      err[t] = testing::normwiseRelativeError(testing::forwardInChunks(m, ids, {8}), std::vector<double>(ref.begin(), ref.end()));
    }
    const std::string what = arch == testing::TinyArch::Gpt2 ? "gpt2 " : "llama ";
    EXPECT_GT(err[DType::Q2_K], err[DType::Q3_K]) << what;
    EXPECT_GT(err[DType::Q3_K], err[DType::Q4_K]) << what;
    EXPECT_GT(err[DType::Q4_K], err[DType::Q5_K]) << what;
    EXPECT_GT(err[DType::Q5_K], err[DType::Q6_K]) << what;
    EXPECT_GT(err[DType::Q6_K], err[DType::Q8_0]) << what;
    EXPECT_GT(err[DType::Q4_0], err[DType::Q5_0]) << what;
    EXPECT_GT(err[DType::Q5_0], err[DType::Q8_0]) << what;
    EXPECT_GT(err[DType::Q4_1], err[DType::Q5_1]) << what;
    EXPECT_LT(err[DType::Q8_0], 0.02) << what;
  }
}

// ---- hostile GGUF models --------------------------------------------------------------------------------

std::string loadError(const std::string& path) {
  try {
    Model::load(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(GgufModelHostile, VocabularyOfAnotherSizeNaNScalesAndArchitectures) {
  const auto dir = freshTempDir();
  testing::TinySpec s;
  testing::writeTinyHfModel(dir / "hf", s, 7);
  const std::string good = (dir / "m.gguf").string();
  writeGgufFrom(dir / "hf", s, good, DType::Q8_0);
  ASSERT_EQ(loadError(good), "");
  auto bytes = readText(good);
  auto rewrite = [&](const std::string& name, const std::string& from, const std::string& to) {
    std::string b = bytes;
    const auto at = b.find(from);
    EXPECT_NE(at, std::string::npos);
    b.replace(at, from.size(), to);
    const std::string p = (dir / name).string();
    std::ofstream(p, std::ios::binary) << b;
    return p;
  };
  // Architectures refused by name; t5 and bert with a note that they come later.
  for (const char* arch : {"bert", "t5", "mamba"}) {
    GgufWriter w;
    w.addString("general.architecture", arch);
    const std::string p = (dir / (std::string(arch) + ".gguf")).string();
    w.write(p);
    const std::string e = loadError(p);
    EXPECT_NE(e.find(std::string("\"") + arch + "\" is not supported"), std::string::npos) << e;
    if (std::string(arch) != "mamba") EXPECT_NE(e.find("not supported yet"), std::string::npos) << e;
  }
  EXPECT_NE(loadError(rewrite("mamba.gguf", "llama.block_count", "mamba.block_count")).find("llama.block_count is missing"),
            std::string::npos);
  // A vocabulary (tokenizer.ggml.tokens) of 3 tokens for a 50-row embedding.
  {
    GgufWriter w;
    w.addString("general.architecture", "llama");
    w.addStringArray("tokenizer.ggml.tokens", {"a", "b", "c"});
    const auto src = GgufFile::open(good);
    for (const char* k : {"llama.block_count", "llama.embedding_length", "llama.feed_forward_length", "llama.attention.head_count",
                          "llama.context_length"})
      w.addUInt32(k, static_cast<std::uint32_t>(*src->getInt(k)));
    const GgufTensorInfo* e = src->findTensor("token_embd.weight");
    w.addTensor("token_embd.weight", *e->dtype, {e->dims[1], e->dims[0]}, std::vector<std::uint8_t>(e->data, e->data + e->bytes));
    w.write((dir / "vocab.gguf").string());
    EXPECT_NE(loadError((dir / "vocab.gguf").string()).find("has 3 tokens but token_embd.weight has 50 rows"), std::string::npos);
  }
  // A NaN scale in the first block of blk.0.attn_q.weight.
  {
    const auto g = GgufFile::open(good);
    const std::size_t at = static_cast<std::size_t>(g->findTensor("blk.0.attn_q.weight")->data - g->file()->data());
    std::string b = bytes;
    b[at] = 0x00, b[at + 1] = 0x7E;  // F16 NaN
    std::ofstream((dir / "nan.gguf").string(), std::ios::binary) << b;
    const std::string e = loadError((dir / "nan.gguf").string());
    EXPECT_NE(e.find("blk.0.attn_q.weight"), std::string::npos) << e;  // named as the file names it
    EXPECT_NE(e.find("NaN or infinite scale in block 0"), std::string::npos) << e;
  }
  // Truncated: the last tensor runs past the end.
  std::ofstream((dir / "cut.gguf").string(), std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  EXPECT_NE(loadError((dir / "cut.gguf").string()).find("runs past the end"), std::string::npos);
  // A .gguf that is not GGUF is not read as a llama2.c checkpoint.
  std::ofstream((dir / "fake.gguf").string(), std::ios::binary) << std::string(64, 'x');
  EXPECT_NE(loadError((dir / "fake.gguf").string()).find("not a GGUF file"), std::string::npos);
}

TEST(GgufModel, LoadReportsProgressAndCancels) {
  const auto dir = freshTempDir();
  testing::TinySpec s;
  testing::writeTinyHfModel(dir / "hf", s, 7);
  writeGgufFrom(dir / "hf", s, (dir / "m.gguf").string(), DType::Q8_0);
  std::vector<double> seen;
  LoadOptions o;
  o.progress = [&](double f) {
    seen.push_back(f);
    return true;
  };
  Model::load((dir / "m.gguf").string(), o);
  ASSERT_GE(seen.size(), 3u);
  EXPECT_EQ(seen.front(), 0.0);
  EXPECT_EQ(seen.back(), 1.0);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  LoadOptions cancel;
  cancel.progress = [](double f) { return f < 0.01; };
  EXPECT_THROW(Model::load((dir / "m.gguf").string(), cancel), Cancelled);
}

}  // namespace
}  // namespace glassbox
