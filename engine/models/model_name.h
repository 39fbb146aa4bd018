#pragma once
// The name a model goes by in titles, captions, the status bar and `glassbox-cli info`. A Hugging Face
// download often sits in a folder called "hf", "model" or a snapshot hash; config.json's "_name_or_path"
// ("gpt2", "openai-community/gpt2") says what it is. Rule: the config's name when there is one (not a
// local path), else the file or folder name, else — when that name is generic — the nearest parent
// folder's name (a Hub cache's "models--org--name" gives "name").
#include <string>
#include <string_view>

namespace glassbox {

// path: the folder, model.safetensors, config.json, a GGUF file or a llama2.c .bin the person opened;
// it need not be loadable. Never throws; an unreadable or broken config.json is ignored.
std::string modelDisplayName(const std::string& path);

// True for folder names that say nothing about the model ("hf", "model", "snapshots", a hex hash...).
bool isGenericModelFolderName(std::string_view name);

}  // namespace glassbox
