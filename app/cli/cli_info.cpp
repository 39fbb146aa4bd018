// glassbox-cli info: what a model file is, without running it.
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"

namespace glassbox::cli {

namespace {

std::string family(const ModelConfig& c) { return c.architecture == Architecture::Gpt2 ? "gpt2" : "llama"; }

Json infoJson(const Model& m) {
  const ModelConfig& c = m.config();
  const ModelInfo& i = m.info();
  Json j = Json::object();
  j["path"] = i.path;
  j["name"] = i.name;
  j["format"] = i.format;
  j["architecture"] = c.architectureName;
  j["model_type"] = c.modelType;
  j["family"] = family(c);
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
  j["tied_embeddings"] = c.tiedEmbeddings;
  if (c.architecture == Architecture::Llama) {
    j["rope_theta"] = c.ropeTheta;
    j["rope_style"] = c.ropeStyle == RopeStyle::Interleaved ? "interleaved" : "rotate_half";
  }
  return j;
}

void printText(const Model& m) {
  const ModelConfig& c = m.config();
  const ModelInfo& i = m.info();
  std::printf("model         %s\n", i.path.c_str());
  std::printf("format        %s\n", i.format.c_str());
  std::printf("architecture  %s (%s)\n", c.architectureName.c_str(), family(c).c_str());
  std::printf("layers        %d\n", c.numLayers);
  std::printf("heads         %d\n", c.numHeads);
  std::printf("kv heads      %d\n", c.numKvHeads);
  std::printf("d_model       %d (head dim %d, MLP hidden %d)\n", c.dModel, c.headDim, c.hiddenDim);
  std::printf("context       %d\n", c.contextLength);
  std::printf("vocab         %d\n", c.vocabSize);
  std::printf("parameters    %llu (%.2f M)\n", static_cast<unsigned long long>(i.parameterCount),
              static_cast<double>(i.parameterCount) / 1e6);
  std::printf("dtype         %s\n", dtypeName(i.dtype).c_str());
  std::printf("file size     %llu bytes (%.1f MB)\n", static_cast<unsigned long long>(i.fileBytes),
              static_cast<double>(i.fileBytes) / 1e6);
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
