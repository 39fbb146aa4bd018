// glassbox-cli info: what a model file is, without running it.
#include <cstdio>
#include <map>
#include <string>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"
#include "formats/rope_scaling.h"
#include "models/kernel_set.h"

namespace glassbox::cli {

namespace {

Json capabilitiesJson(const ModelConfig& c) {
  Json j = Json::array();
  const std::pair<Capability, const char*> names[] = {{kCanGenerate, "generate"},  {kCanFillMask, "fill-mask"},
                                                      {kCanClassify, "classify"},  {kCanClassifyTokens, "classify-tokens"},
                                                      {kCanEmbed, "embed"},        {kCanTranslate, "translate"}};
  for (const auto& [cap, name] : names)
    if (c.can(cap)) j.push_back(name);
  return j;
}

std::string capabilitiesText(const ModelConfig& c) {
  std::string s;
  for (const Json& v : capabilitiesJson(c)) s += (s.empty() ? "" : ", ") + v.get<std::string>();
  return s;
}

// "pre-norm LayerNorm, gelu (tanh) MLP, learned positions"
std::string blockText(const ModelConfig& c) {
  std::string s = std::string(c.normPlacement == NormPlacement::Pre ? "pre-norm " : "post-norm ") +
                  (c.normKind == NormKind::LayerNorm ? "LayerNorm" : "RMSNorm") + ", " + activationName(c.activation) +
                  (c.gatedFfn ? " gated MLP" : " MLP") + ", " + positionSchemeName(c.positions) + " positions";
  if (c.attentionScale == AttentionScale::None) s += ", unscaled attention";
  return s;
}

Json ropeScalingJson(const RopeScaling& s) {
  if (s.type == RopeScalingType::None) return nullptr;
  Json j = Json::object();
  j["rope_type"] = ropeScalingName(s.type);
  j["factor"] = s.factor;
  if (s.type == RopeScalingType::Llama3) {
    j["low_freq_factor"] = s.lowFreqFactor;
    j["high_freq_factor"] = s.highFreqFactor;
  }
  j["original_context"] = s.originalContext;
  return j;
}

Json infoJson(const Model& m) {
  const ModelConfig& c = m.config();
  const ModelInfo& i = m.info();
  Json j = Json::object();
  j["path"] = i.path;
  j["name"] = i.name;
  j["format"] = i.format;
  j["architecture"] = c.architectureName;
  j["model_type"] = c.modelType;
  j["family"] = c.architecture;
  j["model_family"] = familyName(c.family);
  j["capabilities"] = capabilitiesJson(c);
  j["norm"] = c.normKind == NormKind::LayerNorm ? "layer_norm" : "rms_norm";
  j["norm_placement"] = c.normPlacement == NormPlacement::Pre ? "pre" : "post";
  j["activation"] = activationName(c.activation);
  j["gated_mlp"] = c.gatedFfn;
  j["positions"] = positionSchemeName(c.positions);
  j["layers"] = c.numLayers;
  j["heads"] = c.numHeads;
  j["kv_heads"] = c.numKvHeads;
  j["d_model"] = c.dModel;
  j["head_dim"] = c.headDim;
  j["hidden_dim"] = c.hiddenDim;
  j["context"] = c.contextLength;
  j["vocab"] = c.vocabSize;
  j["parameters"] = i.parameterCount;
  j["dtype"] = dtypeName(i.dtype);
  j["file_bytes"] = i.fileBytes;
  j["kernels"] = kernelSetName(activeKernelSet());
  j["tied_embeddings"] = c.tiedEmbeddings;
  Json tensors = Json::array();
  for (const TensorSummary& t : i.tensors)
    tensors.push_back({{"name", t.name}, {"type", t.type()}, {"shape", t.shape}, {"bytes", t.bytes},
                       {"bits_per_weight", t.bitsPerWeight()}});
  j["tensors"] = tensors;
  if (c.family == Family::EncoderDecoder) {  // both stacks: "layers" is the encoder's
    j["encoder_layers"] = c.numLayers;
    j["decoder_layers"] = c.numDecoderLayers;
    j["decoder_start_token_id"] = c.decoderStartTokenId;
  }
  if (c.positions == PositionScheme::RelativeBuckets) {
    j["relative_buckets"] = c.relativeBuckets;
    j["relative_max_distance"] = c.relativeMaxDistance;
  }
  if (c.positions == PositionScheme::Rotary) {
    j["rope_theta"] = c.ropeTheta;
    j["rope_style"] = c.ropeStyle == RopeStyle::Interleaved ? "interleaved" : "rotate_half";
    j["rope_scaling"] = ropeScalingJson(c.ropeScaling);
    j["sliding_window"] = c.slidingWindow;  // 0 = none
    Json layers = Json::array();
    for (int l = 0; l < c.numLayers; ++l)
      if (c.attentionWindow(l) > 0) layers.push_back(l);
    j["sliding_window_layers"] = layers;
  }
  return j;
}

// "linear x4", "llama3 x8 (low 1, high 4, original context 8192)", "dynamic x2 (original context 2048)".
std::string ropeScalingText(const RopeScaling& s) {
  char buf[160];
  if (s.type == RopeScalingType::Llama3)
    std::snprintf(buf, sizeof buf, "llama3 x%g (low %g, high %g, original context %d)", s.factor, s.lowFreqFactor,
                  s.highFreqFactor, s.originalContext);
  else if (s.type == RopeScalingType::Dynamic)
    std::snprintf(buf, sizeof buf, "dynamic x%g (original context %d)", s.factor, s.originalContext);
  else
    std::snprintf(buf, sizeof buf, "linear x%g", s.factor);
  return buf;
}

// "4096 tokens, every layer" or "4096 tokens in layers 28-31" (a range when contiguous, else a count).
std::string windowText(const ModelConfig& c) {
  std::vector<int> layers;
  for (int l = 0; l < c.numLayers; ++l)
    if (c.attentionWindow(l) > 0) layers.push_back(l);
  std::string where;
  if (static_cast<int>(layers.size()) == c.numLayers) where = "every layer";
  else if (layers.back() - layers.front() + 1 == static_cast<int>(layers.size()))
    where = "layers " + std::to_string(layers.front()) + "-" + std::to_string(layers.back());
  else where = std::to_string(layers.size()) + " of " + std::to_string(c.numLayers) + " layers";
  return std::to_string(c.slidingWindow) + " tokens, " + where;
}

// Every tensor with its storage type and bits per weight, after a count per type.
void printTensors(const ModelInfo& i) {
  std::map<std::string, std::pair<int, std::uint64_t>> perType;  // type -> tensors, bytes
  for (const TensorSummary& t : i.tensors) {
    auto& [count, bytes] = perType[t.type()];
    ++count;
    bytes += t.bytes;
  }
  std::string summary;
  for (const auto& [type, n] : perType)
    summary += (summary.empty() ? "" : ", ") + type + " x" + std::to_string(n.first);
  std::printf("tensor types  %s\n", summary.c_str());
  std::printf("tensors       %-40s %-8s %8s  %s\n", "name", "type", "bits/w", "shape");
  for (const TensorSummary& t : i.tensors) {
    std::string shape;
    for (auto d : t.shape) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
    std::printf("              %-40s %-8s %8.4g  [%s]\n", t.name.c_str(), t.type().c_str(), t.bitsPerWeight(), shape.c_str());
  }
}

void printText(const Model& m) {
  const ModelConfig& c = m.config();
  const ModelInfo& i = m.info();
  std::printf("model         %s\n", i.path.c_str());
  std::printf("format        %s\n", i.format.c_str());
  std::printf("architecture  %s (%s, %s)\n", c.architectureName.c_str(), c.architecture.c_str(), familyName(c.family));
  std::printf("can           %s\n", capabilitiesText(c).c_str());
  std::printf("blocks        %s\n", blockText(c).c_str());
  if (c.family == Family::EncoderDecoder)
    std::printf("layers        %d encoder + %d decoder (decoder starts at token %d)\n", c.numLayers, c.numDecoderLayers,
                c.decoderStartTokenId);
  else
    std::printf("layers        %d\n", c.numLayers);
  if (c.positions == PositionScheme::RelativeBuckets)
    std::printf("positions     %d relative buckets up to distance %d\n", c.relativeBuckets, c.relativeMaxDistance);
  std::printf("heads         %d\n", c.numHeads);
  std::printf("kv heads      %d\n", c.numKvHeads);
  std::printf("d_model       %d (head dim %d, MLP hidden %d)\n", c.dModel, c.headDim, c.hiddenDim);
  std::printf("context       %d\n", c.contextLength);
  if (c.positions == PositionScheme::Rotary) {
    std::printf("rope theta    %g\n", static_cast<double>(c.ropeTheta));
    if (c.ropeScaling.type != RopeScalingType::None)
      std::printf("rope scaling  %s\n", ropeScalingText(c.ropeScaling).c_str());
    if (c.slidingWindow > 0) std::printf("window        %s\n", windowText(c).c_str());
  }
  std::printf("vocab         %d\n", c.vocabSize);
  std::printf("parameters    %llu (%.2f M)\n", static_cast<unsigned long long>(i.parameterCount),
              static_cast<double>(i.parameterCount) / 1e6);
  std::printf("dtype         %s\n", dtypeName(i.dtype).c_str());
  std::printf("file size     %llu bytes (%.1f MB)\n", static_cast<unsigned long long>(i.fileBytes),
              static_cast<double>(i.fileBytes) / 1e6);
  std::printf("kernels       %s\n", kernelSetDescription().c_str());
  printTensors(i);
}

}  // namespace

int runInfo(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"json"});
  args.rejectUnknown({"model", "json"});
  const auto model = Model::load(resolveModelPath(args));
  if (args.has("json")) std::printf("%s\n", infoJson(*model).dump(2).c_str());
  else printText(*model);
  return 0;
}

}  // namespace glassbox::cli
