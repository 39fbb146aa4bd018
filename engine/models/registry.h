#pragma once
// The architecture registry: one entry per engine/models/<architecture>.cpp file. An entry names the
// config.json architectures[0] / model_type values (and GGUF general.architecture values) it accepts,
// reads its config.json into a ModelConfig with feature enums, and plans its tensors. The forward pass
// reads only the features, so a new architecture is a new file and one line in registry.cpp.
#include <string>
#include <vector>

#include "core/json_util.h"
#include "formats/model_config.h"

namespace glassbox {

class WeightPlan;

struct ArchitectureSpec {
  const char* key = "";                      // ModelConfig::architecture: "gpt2", "llama", ...
  const char* description = "";              // for messages and `info`: "GPT-2", "Llama / Mistral / Qwen2"
  std::vector<std::string> hfArchitectures;  // config.json architectures[0] values
  std::vector<std::string> modelTypes;       // config.json model_type values
  std::vector<std::string> ggufArchitectures;  // GGUF general.architecture values
  // config.json -> dimensions and features; every value range-checked, errors naming the file (`what`)
  // and the field. architectureName and modelType are already set.
  void (*readHfConfig)(const Json& j, ModelConfig& c, const std::string& what) = nullptr;
  // The features of this architecture, for a config whose dimensions came from another format
  // (a llama2.c header, GGUF metadata). readHfConfig calls it too.
  void (*setFeatures)(ModelConfig& c) = nullptr;
  // Checks a finished config before any tensor is looked at (dimensions that must agree).
  void (*validate)(const ModelConfig& c, const std::string& what) = nullptr;
  // The tensors of a Hugging Face-named file (GGUF and llama2.c readers rename theirs to these).
  void (*planWeights)(WeightPlan& plan) = nullptr;
};

// Every registered architecture, in a fixed order.
const std::vector<const ArchitectureSpec*>& architectures();
// The entry for a config's architectures[0] (preferred) or model_type; null when none matches.
const ArchitectureSpec* findArchitecture(const std::string& hfArchitecture, const std::string& modelType);
const ArchitectureSpec* findGgufArchitecture(const std::string& ggufArchitecture);
// The entry of a registry key; throws Error for an unknown key.
const ArchitectureSpec& architectureByKey(const std::string& key);
// "GPT2LMHeadModel, LlamaForCausalLM, ..." for "not supported" hints.
std::string supportedArchitecturesText();

// Reads config.json text: architectures[0] / model_type through the registry (an unknown architecture
// is refused by name, never run as another), then the entry's fields, bos/eos/pad ids. `what` names
// the source for messages.
ModelConfig parseHfConfig(const std::string& jsonText, const std::string& what);
// Reads <folder>/config.json, and bos/eos ids from generation_config.json when present.
ModelConfig readHfConfigFolder(const std::string& folder);

}  // namespace glassbox
