#include "model_display_name.h"

#include "models/model_name.h"

namespace glassbox {

bool isGenericModelFolderName(const QString& name) { return glassbox::isGenericModelFolderName(name.toStdString()); }

QString modelDisplayName(const QString& modelPath, const QString& fallback) {
  const QString n = QString::fromStdString(glassbox::modelDisplayName(modelPath.toStdString()));
  return n.isEmpty() && !fallback.isEmpty() ? fallback : n;
}

}  // namespace glassbox
