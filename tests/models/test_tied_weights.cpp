// transformers' tied-embedding rule (issue: checkpoints that store the tied matrix only under the head's
// name): when config.json ties the embeddings, either the token embedding or the LM head tensor serves as
// both; with both present the embedding is used. Every naming variant that transformers accepts loads,
// and gives the logits of the embedding-only form; a really missing tensor gets an error naming it, the
// names tried and what config.json says about tying.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.h"
#include "models/model.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

using testing::TinyArch;
using testing::TinySpec;
using Tensors = std::vector<TensorToWrite>;

struct Variant {
  const char* name;
  TinyArch arch;
  bool prefixed;  // "transformer." (GPT-2) / "model." (Llama) on the base model's tensors
};

TinySpec specFor(const Variant& v) {
  TinySpec s;
  s.arch = v.arch;
  s.tied = true;
  if (v.arch == TinyArch::Gpt2) {
    s.architectureName = "GPT2LMHeadModel", s.modelType = "gpt2", s.transformerPrefix = v.prefixed;
  }
  return s;
}

std::string embeddingName(const Variant& v) {
  if (v.arch == TinyArch::Gpt2) return v.prefixed ? "transformer.wte.weight" : "wte.weight";
  return v.prefixed ? "model.embed_tokens.weight" : "embed_tokens.weight";
}

// The Llama writer always uses "model."; an unprefixed checkpoint drops it from every base tensor.
void applyPrefix(const Variant& v, Tensors& t) {
  if (v.arch != TinyArch::Llama || v.prefixed) return;
  for (TensorToWrite& x : t)
    if (x.name.rfind("model.", 0) == 0) x.name = x.name.substr(6);
}

TensorToWrite* find(Tensors& t, const std::string& name) {
  for (TensorToWrite& x : t)
    if (x.name == name) return &x;
  return nullptr;
}

std::vector<float> logitsOf(const std::filesystem::path& dir) {
  const auto model = Model::load(dir.string());
  return testing::forwardInChunks(model, {3, 1, 4, 1, 5, 9, 2, 6}, {8});
}

class TiedWeights : public ::testing::TestWithParam<Variant> {
 protected:
  std::filesystem::path write(const std::string& form, const std::function<void(Tensors&)>& edit) {
    const Variant& v = GetParam();
    const auto dir = testing::freshTempDir() / form;
    testing::writeTinyHfModel(dir, specFor(v), 42, [&](Tensors& t) {
      applyPrefix(v, t);
      if (edit) edit(t);
    });
    return dir;
  }
};

TEST_P(TiedWeights, EveryStoredFormGivesTheEmbeddingOnlyLogits) {
  const Variant& v = GetParam();
  const std::string emb = embeddingName(v);
  const auto reference = logitsOf(write("embedding-only", {}));

  // Head only: the matrix stored as lm_head.weight serves as the embedding too.
  const auto headOnly = write("head-only", [&](Tensors& t) { find(t, emb)->name = "lm_head.weight"; });
  EXPECT_EQ(logitsOf(headOnly), reference) << v.name << " head only";

  // Both: the embedding is used, even when the stored head holds other values.
  const auto both = write("both", [&](Tensors& t) {
    TensorToWrite head = *find(t, emb);
    head.name = "lm_head.weight";
    std::reverse(head.data.begin(), head.data.end());
    t.push_back(head);
  });
  EXPECT_EQ(logitsOf(both), reference) << v.name << " both";

  // Neither: refused, naming the tensor, the names tried and the tying setting.
  const auto neither = write("neither", [&](Tensors& t) {
    t.erase(std::remove_if(t.begin(), t.end(), [&](const TensorToWrite& x) { return x.name == emb; }), t.end());
  });
  try {
    Model::load(neither.string());
    ADD_FAILURE() << v.name << ": a model with neither tensor loaded";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(emb), std::string::npos) << m;
    EXPECT_NE(m.find("lm_head.weight"), std::string::npos) << m;
    EXPECT_NE(m.find("names tried"), std::string::npos) << m;
    EXPECT_NE(m.find("ties the embeddings"), std::string::npos) << m;
  }
}

INSTANTIATE_TEST_SUITE_P(Checkpoints, TiedWeights,
                         ::testing::Values(Variant{"Gpt2Transformer", TinyArch::Gpt2, true},
                                           Variant{"Gpt2Bare", TinyArch::Gpt2, false},
                                           Variant{"LlamaModel", TinyArch::Llama, true},
                                           Variant{"LlamaBare", TinyArch::Llama, false}),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(TiedWeightsUntied, AMissingHeadSaysTheConfigDoesNotTie) {
  TinySpec s;
  s.tied = false;
  const auto dir = testing::freshTempDir() / "untied";
  testing::writeTinyHfModel(dir, s, 7, [](Tensors& t) {
    t.erase(std::remove_if(t.begin(), t.end(), [](const TensorToWrite& x) { return x.name == "lm_head.weight"; }),
            t.end());
  });
  try {
    Model::load(dir.string());
    ADD_FAILURE() << "loaded without lm_head.weight";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("lm_head.weight"), std::string::npos) << m;
    EXPECT_NE(m.find("does not tie"), std::string::npos) << m;
    EXPECT_NE(m.find("tie_word_embeddings"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace glassbox
