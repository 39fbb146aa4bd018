#pragma once
// The flat parameter array every trainer works on: named tensors at offsets, in the order a model's
// layout function lists them, under the Hugging Face names the exported safetensors file uses.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace glassbox {

struct ParamTensor {
  std::string name;                 // "transformer.h.0.attn.c_attn.weight"
  std::vector<std::int64_t> shape;  // [C][3C]
  std::size_t offset = 0;           // into the flat array
  std::size_t size = 0;             // elements
  bool decay = false;               // AdamW weight decay applies (matrices only)
};

// Appends tensors at increasing offsets; decay defaults to "is a matrix".
class LayoutBuilder {
 public:
  void add(std::string name, std::vector<std::int64_t> shape, bool decay) {
    std::size_t size = 1;
    for (auto d : shape) size *= static_cast<std::size_t>(d);
    tensors_.push_back({std::move(name), std::move(shape), offset_, size, decay});
    offset_ += size;
  }
  void add(std::string name, std::vector<std::int64_t> shape) {
    const bool matrix = shape.size() == 2;
    add(std::move(name), std::move(shape), matrix);
  }
  std::vector<ParamTensor> take() { return std::move(tensors_); }

 private:
  std::vector<ParamTensor> tensors_;
  std::size_t offset_ = 0;
};

inline std::size_t paramCount(const std::vector<ParamTensor>& layout) {
  return layout.empty() ? 0 : layout.back().offset + layout.back().size;
}

// The tensor of that name; throws Error when there is none (our own invariant in the trainers).
const ParamTensor& findTensor(const std::vector<ParamTensor>& layout, const std::string& name);

}  // namespace glassbox
