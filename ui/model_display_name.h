#pragma once
// The name a model goes by in titles, captions and the status bar. A Hugging Face download often sits
// in a folder called "hf", "model" or a snapshot hash; config.json's "_name_or_path" ("gpt2",
// "openai-community/gpt2") says what it is. Rule: the config's name when there is one, else the folder
// (or file) name, else — when that name is generic — the parent folder's name.
#include <QString>

namespace glassbox {

// modelPath: the folder, model.safetensors, config.json or a llama2.c .bin the person opened.
// fallback: what the engine called it (ModelInfo::name), used when nothing better is found.
QString modelDisplayName(const QString& modelPath, const QString& fallback = {});

// True for folder names that say nothing about the model ("hf", "model", "snapshots", a 40-hex hash...).
bool isGenericModelFolderName(const QString& name);

}  // namespace glassbox
