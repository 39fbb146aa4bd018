#include "models/weight_plan.h"

namespace glassbox {

std::string WeightPlan::prefix(const std::vector<std::string>& candidates, const std::string& probe) const {
  for (const std::string& p : candidates)
    if (has(p + probe)) return p;
  return candidates.front();
}

void WeightPlan::tensor(std::vector<std::string> names, Shape shape, const float** target) {
  WeightBinding b;
  b.names = std::move(names);
  b.shape = std::move(shape);
  b.target = target;
  bindings_.push_back(std::move(b));
}

void WeightPlan::optionalTensor(const std::string& name, Shape shape, const float** target) {
  if (has(name)) tensor(name, std::move(shape), target);
}

void WeightPlan::norm(const std::string& base, int C, NormWeights& n, bool withBias) {
  tensor(base + ".weight", {C}, &n.weight);
  if (withBias) tensor(base + ".bias", {C}, &n.bias);
}

void WeightPlan::linear(std::vector<std::string> names, int in, int out, bool inputMajor, Linear& l) {
  l.in = in;
  l.out = out;
  l.inputMajor = inputMajor && !source_.outputMajorMatrices;
  WeightBinding b;
  b.names = std::move(names);
  b.shape = l.inputMajor ? Shape{in, out} : Shape{out, in};
  b.target = &l.weight;
  b.target16 = &l.weight16;
  b.dtype16 = &l.dtype;
  b.targetBlocks = &l.blocks;
  b.rowBytes = &l.rowBytes;
  bindings_.push_back(std::move(b));
}

void WeightPlan::bias(const std::string& name, int out, Linear& l) { tensor(name, {out}, &l.bias); }

void WeightPlan::optionalBias(const std::string& name, int out, Linear& l) {
  if (has(name)) bias(name, out, l);
}

void WeightPlan::dense(const std::string& base, int in, int out, bool hasBias, Linear& l) {
  linear(base + ".weight", in, out, false, l);
  if (hasBias) bias(base + ".bias", out, l);
}

void WeightPlan::embedding(std::vector<std::string> names, int rows, int cols, EmbeddingTable& table) {
  table.rows = rows;
  table.cols = cols;
  WeightBinding b;
  b.names = std::move(names);
  b.shape = {rows, cols};
  b.target = &table.f32;
  b.target16 = &table.half;
  b.dtype16 = &table.dtype;
  b.targetBlocks = &table.blocks;
  b.rowBytes = &table.rowBytes;
  bindings_.push_back(std::move(b));
}

namespace {

bool anyPresent(const WeightPlan& plan, const std::vector<std::string>& names) {
  for (const std::string& n : names)
    if (plan.has(n)) return true;
  return false;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

void WeightPlan::tokenEmbedding(const std::vector<std::string>& embeddingNames) {
  embedding(embeddingNames, config_.vocabSize, config_.dModel, weights_.tokens);
}

void WeightPlan::tokenEmbeddingAndHead(const std::vector<std::string>& embeddingNames,
                                       const std::vector<std::string>& headNames, bool tied,
                                       const std::string& tieField) {
  const int V = config_.vocabSize, C = config_.dModel;
  const bool haveEmbedding = anyPresent(*this, embeddingNames), haveHead = anyPresent(*this, headNames);
  std::vector<std::string> both = embeddingNames;
  both.insert(both.end(), headNames.begin(), headNames.end());
  if (tied) {
    // Either tensor serves as both; the embedding when both are stored (transformers ties the head to it).
    const std::vector<std::string>& names = haveEmbedding || !haveHead ? both : headNames;
    embedding(names, V, C, weights_.tokens);
    bindings_.back().note = "config.json ties the embeddings (" + tieField + " true), so " + joined(both) +
                            " would each serve as both; the file has neither";
    linear(names, C, V, false, weights_.lmHead);
    bindings_.back().note = bindings_[bindings_.size() - 2].note;
    return;
  }
  embedding(embeddingNames, V, C, weights_.tokens);
  bindings_.back().note = std::string("config.json does not tie the embeddings (") + tieField + " false)" +
                          (haveHead ? "; the file has the head (" + joined(headNames) +
                                          "), so setting " + tieField + " true would let it serve as both"
                                    : "");
  linear(headNames, C, V, false, weights_.lmHead);
  bindings_.back().note = std::string("config.json does not tie the embeddings (") + tieField + " false), so the head is a separate tensor" +
                          (haveEmbedding ? "; setting " + tieField + " true would use the embedding as the head" : "");
}

}  // namespace glassbox
