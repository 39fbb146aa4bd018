#pragma once
// The safetensors format: u64 little-endian header length N, N bytes of JSON
// {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {...}},
// then the data section. Offsets are relative to the data section.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "formats/tensor_source.h"

namespace glassbox {

// Opens and validates one .safetensors file: header length vs file size, JSON, dtype known, shape
// non-negative and not overflowing, element count * dtype size == byte length, offsets inside the data
// section, no two tensors overlapping. Nothing is allocated in proportion to what the header claims.
// Tensors of unsupported dtypes are an Error naming the tensor and dtype.
std::unique_ptr<TensorSource> openSafetensors(const std::string& path);

// Opens a Hugging Face model folder's weights: model.safetensors, or model.safetensors.index.json and
// the shards it names (each shard validated; every tensor of the index found in its shard).
std::unique_ptr<TensorSource> openSafetensorsFolder(const std::string& folder);

// For tests, tools and the trainer: writes tensors to a safetensors file (written to a temporary name,
// then renamed). data holds the raw bytes in `dtype`.
struct TensorToWrite {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  std::vector<std::uint8_t> data;
};
void writeSafetensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata = {});
// Convenience: an F32 tensor from floats.
TensorToWrite f32Tensor(std::string name, std::vector<std::int64_t> shape, const std::vector<float>& values);

}  // namespace glassbox
