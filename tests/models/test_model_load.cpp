// Model::load: tensors bound in place or converted, every failure a message naming the tensor and what
// was expected, the memory check, NaN/Inf rejection, progress and cancel.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include "core/error.h"
#include "formats/safetensors.h"
#include "models/model.h"
#include "models/model_weights.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

using testing::TinyArch;
using testing::TinySpec;

// Message of the Error thrown by loading `path`, or "" when it loads.
std::string loadError(const std::string& path, const LoadOptions& options = {}) {
  try {
    Model::load(path, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Rewrites model.safetensors of `dir` through `edit`, which may change, drop or add tensors.
template <class Edit>
void rewriteTensors(const std::filesystem::path& dir, Edit edit) {
  auto src = openSafetensors((dir / "model.safetensors").string());
  std::vector<TensorToWrite> tensors;
  for (const auto& [name, ref] : src->tensors())
    tensors.push_back({name, ref.dtype, ref.shape, std::vector<std::uint8_t>(ref.data, ref.data + ref.byteSize)});
  src.reset();
  edit(tensors);
  writeSafetensors((dir / "model.safetensors").string(), tensors);
}

TEST(ModelLoad, F32IsUsedInPlaceAndHalfIsConverted) {
  const auto root = testing::freshTempDir();
  TinySpec s;
  testing::writeTinyHfModel(root / "f32", s, 1);
  s.dtype = DType::F16;
  testing::writeTinyHfModel(root / "f16", s, 1);
  auto f32 = Model::load((root / "f32").string());
  auto f16 = Model::load((root / "f16").string());
  const TensorRef* ref = f32->weights().source->find("model.embed_tokens.weight");
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(static_cast<const void*>(f32->weights().tokens.f32), static_cast<const void*>(ref->data));
  EXPECT_EQ(f32->weights().ownedBytes, 0u);
  EXPECT_EQ(f16->info().dtype, DType::F16);
  // Matmul weights (the *_proj and lm_head matrices) and the token embedding stay F16 in the mapping;
  // every other tensor (norms) is converted to F32.
  std::uint64_t converted = 0;
  for (const auto& [name, t] : f16->weights().source->tensors()) {
    const bool inPlace = name.ends_with("_proj.weight") || name == "lm_head.weight" || name == "model.embed_tokens.weight";
    if (!inPlace) converted += static_cast<std::uint64_t>(t.elementCount()) * 4;
  }
  EXPECT_EQ(f16->weights().ownedBytes, converted);
  const LayerWeights& layer = f16->weights().decoder.layers.at(0);
  const TensorRef* q = f16->weights().source->find("model.layers.0.self_attn.q_proj.weight");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(layer.self.q.weight, nullptr);
  EXPECT_EQ(static_cast<const void*>(layer.self.q.weight16), static_cast<const void*>(q->data));
  EXPECT_EQ(layer.self.q.dtype, DType::F16);
  EXPECT_EQ(f16->weights().lmHead.dtype, DType::F16);
  EXPECT_EQ(f16->weights().tokens.f32, nullptr);
  EXPECT_EQ(f16->weights().tokens.dtype, DType::F16);
  // Same seed: F16 weights are the F32 ones rounded to half precision.
  const auto a = f32->tokenEmbedding(7), b = f16->tokenEmbedding(7);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-3 * std::max(1.0f, std::abs(a[i])));
}

TEST(ModelLoad, InfoAndParameterCount) {
  const auto dir = testing::freshTempDir() / "m";
  TinySpec s;
  s.heads = 4, s.kvHeads = 2, s.tied = false;
  testing::writeTinyHfModel(dir, s, 2);
  auto m = Model::load(dir.string());
  const std::uint64_t C = 32, F = 48, V = 50, KD = 16;
  const std::uint64_t perLayer = 2 * C + C * C + 2 * KD * C + C * C + 3 * C * F;
  EXPECT_EQ(m->info().parameterCount, 2 * V * C + 2 * perLayer + C);
  EXPECT_EQ(m->info().format, "safetensors");
  EXPECT_EQ(m->info().name, "m");
  EXPECT_EQ(m->info().fileBytes, std::filesystem::file_size(dir / "model.safetensors"));
  EXPECT_EQ(m->config().numKvHeads, 2);
  EXPECT_THROW(m->tokenEmbedding(50), Error);
  EXPECT_TRUE(m->positionEmbedding(0).empty());
}

TEST(ModelLoad, MissingTensorIsNamed) {
  const auto dir = testing::freshTempDir() / "m";
  testing::writeTinyHfModel(dir, TinySpec{}, 3);
  rewriteTensors(dir, [](auto& t) {
    std::erase_if(t, [](const TensorToWrite& x) { return x.name == "model.layers.1.mlp.up_proj.weight"; });
  });
  const std::string e = loadError(dir.string());
  EXPECT_TRUE(contains(e, "model.layers.1.mlp.up_proj.weight")) << e;
  EXPECT_TRUE(contains(e, "[48, 32]")) << e;
  EXPECT_TRUE(contains(e, "model.safetensors")) << e;
}

TEST(ModelLoad, UntiedWithoutLmHeadIsAnError) {
  const auto dir = testing::freshTempDir() / "m";
  TinySpec s;
  s.tied = false;
  testing::writeTinyHfModel(dir, s, 4);
  rewriteTensors(dir, [](auto& t) { std::erase_if(t, [](const TensorToWrite& x) { return x.name == "lm_head.weight"; }); });
  EXPECT_TRUE(contains(loadError(dir.string()), "lm_head.weight"));
}

TEST(ModelLoad, WrongShapeNamesExpectedAndFound) {
  const auto dir = testing::freshTempDir() / "m";
  TinySpec s;
  s.arch = TinyArch::Gpt2, s.architectureName = "GPT2LMHeadModel", s.modelType = "gpt2";
  testing::writeTinyHfModel(dir, s, 5);
  rewriteTensors(dir, [](auto& t) {
    for (auto& x : t)
      if (x.name == "transformer.h.0.attn.c_attn.weight") x.shape = {96, 32};  // transposed
  });
  const std::string e = loadError(dir.string());
  EXPECT_TRUE(contains(e, "transformer.h.0.attn.c_attn.weight")) << e;
  EXPECT_TRUE(contains(e, "[96, 32]")) << e;
  EXPECT_TRUE(contains(e, "[32, 96]")) << e;
}

TEST(ModelLoad, NanOrInfIsRejected) {
  for (DType dtype : {DType::F32, DType::BF16, DType::F16}) {  // 16-bit matmul weights are checked in place
    const auto dir = testing::freshTempDir() / dtypeName(dtype);
    TinySpec s;
    s.dtype = dtype;
    testing::writeTinyHfModel(dir, s, 6);
    rewriteTensors(dir, [&](auto& t) {
      for (auto& x : t)
        if (x.name == "model.layers.0.self_attn.k_proj.weight") {
          if (dtype == DType::F32) {
            const float nan = std::numeric_limits<float>::quiet_NaN();
            std::memcpy(x.data.data() + 40, &nan, 4);
          } else {
            const std::uint16_t inf = dtype == DType::BF16 ? 0x7f80 : 0x7c00;
            std::memcpy(x.data.data() + 20, &inf, 2);
          }
        }
    });
    const std::string e = loadError(dir.string());
    EXPECT_TRUE(contains(e, "model.layers.0.self_attn.k_proj.weight")) << e;
    EXPECT_TRUE(contains(e, "element 10")) << e;
  }
}

TEST(ModelLoad, MemoryLimitIsCheckedWithTheNumbers) {
  const auto dir = testing::freshTempDir() / "m";
  TinySpec s;
  s.dtype = DType::BF16;
  testing::writeTinyHfModel(dir, s, 7);
  LoadOptions opt;
  opt.memoryLimitBytes = 1000;
  const std::string e = loadError(dir.string(), opt);
  EXPECT_TRUE(contains(e, "MB")) << e;
  EXPECT_TRUE(contains(e, "0.0 MB are allowed")) << e;
  opt.memoryLimitBytes = 100'000'000;
  EXPECT_EQ(loadError(dir.string(), opt), "");
}

TEST(ModelLoad, ProgressIsReportedAndCanCancel) {
  const auto dir = testing::freshTempDir() / "m";
  TinySpec s;
  s.dtype = DType::F16;
  testing::writeTinyHfModel(dir, s, 8);
  std::vector<double> seen;
  LoadOptions opt;
  opt.progress = [&](double p) {
    seen.push_back(p);
    return true;
  };
  Model::load(dir.string(), opt);
  ASSERT_GE(seen.size(), 3u);
  EXPECT_EQ(seen.front(), 0.0);
  EXPECT_EQ(seen.back(), 1.0);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
  int calls = 0;
  opt.progress = [&](double) { return ++calls < 3; };
  EXPECT_THROW(Model::load(dir.string(), opt), Cancelled);
}

TEST(ModelLoad, SafetensorsFileOrConfigStandsForItsFolder) {
  const auto dir = testing::freshTempDir() / "m";
  testing::writeTinyHfModel(dir, TinySpec{}, 9);
  EXPECT_EQ(Model::load((dir / "model.safetensors").string())->config().numLayers, 2);
  EXPECT_EQ(Model::load((dir / "config.json").string())->info().format, "safetensors");
}

TEST(ModelLoad, MissingPathHasAHint) {
  const std::string e = loadError("/nonexistent/model/folder");
  EXPECT_TRUE(contains(e, "/nonexistent/model/folder")) << e;
  EXPECT_TRUE(contains(e, "hint")) << e;
}

}  // namespace
}  // namespace glassbox
