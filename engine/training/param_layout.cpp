#include "training/param_layout.h"

#include "core/error.h"

namespace glassbox {

const ParamTensor& findTensor(const std::vector<ParamTensor>& layout, const std::string& name) {
  for (const auto& t : layout)
    if (t.name == name) return t;
  throw Error("trainer: no parameter tensor " + name);
}

}  // namespace glassbox
