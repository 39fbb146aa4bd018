#pragma once
// A validated set of named tensors backed by memory-mapped files. Immutable after construction; any
// number of threads may read it. Every TensorRef's bytes are inside its mapped file.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "core/mapped_file.h"

namespace glassbox {

struct TensorRef {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;   // row-major, as stored
  const std::uint8_t* data = nullptr;  // points into `file`; may be unaligned
  std::size_t byteSize = 0;
  std::shared_ptr<const MappedFile> file;

  std::int64_t elementCount() const;
  std::string shapeString() const;  // "[768, 2304]"
};

class TensorSource {
 public:
  const TensorRef* find(const std::string& name) const;
  // Throws Error "<file>: tensor <name> is missing" (with the expected shape when given).
  const TensorRef& require(const std::string& name, const std::vector<std::int64_t>& expectedShape = {}) const;
  const std::map<std::string, TensorRef>& tensors() const { return tensors_; }
  std::uint64_t totalBytes() const;
  std::uint64_t fileBytes() const;  // sum of the sizes of the mapped files
  std::string description;          // what was opened, for messages
  // Every matrix is stored [out][in] (nn.Linear), even those a checkpoint format keeps [in][out]
  // (GPT-2's Conv1D): true for GGUF files.
  bool outputMajorMatrices = false;

  void add(TensorRef ref);  // used by the readers; Error on a duplicate name
 private:
  std::map<std::string, TensorRef> tensors_;
};

}  // namespace glassbox
