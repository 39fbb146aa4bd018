#pragma once
// Qt forms of the engine's model naming rule (engine/models/model_name.h), for paths that are not
// loaded yet (recent models, the loading message) as well as loaded ones.
#include <QString>

namespace glassbox {

// modelPath: the folder, model.safetensors, config.json or a llama2.c .bin the person opened.
// fallback: what the engine called it (ModelInfo::name), used when nothing better is found.
QString modelDisplayName(const QString& modelPath, const QString& fallback = {});

// True for folder names that say nothing about the model ("hf", "model", "snapshots", a 40-hex hash...).
bool isGenericModelFolderName(const QString& name);

}  // namespace glassbox
