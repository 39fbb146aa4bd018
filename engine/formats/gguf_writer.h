#pragma once
// Writes GGUF files (version 3 by default): typed metadata in the order added, then tensors at the
// alignment. Used by tests (fixtures made at test time) and the benchmarks (quantized random models).
#include <cstdint>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "formats/gguf.h"

namespace glassbox {

class GgufWriter {
 public:
  void addString(const std::string& key, const std::string& value);
  void addUInt32(const std::string& key, std::uint32_t value);
  void addInt32(const std::string& key, std::int32_t value);
  void addFloat32(const std::string& key, float value);
  void addBool(const std::string& key, bool value);
  void addStringArray(const std::string& key, const std::vector<std::string>& values);
  void addFloat32Array(const std::string& key, const std::vector<float>& values);
  void addInt32Array(const std::string& key, const std::vector<std::int32_t>& values);
  void addUInt8Array(const std::string& key, const std::vector<std::uint8_t>& values);
  // Any value already encoded (type then payload), for tests that need unusual types.
  void addRaw(const std::string& key, GgufType type, const std::vector<std::uint8_t>& payload);
  void setAlignment(std::uint32_t alignment);  // also written as general.alignment

  // `shape` row-major (as TensorRef: [rows][row elements]); `data` the stored bytes (rowBytes per row).
  void addTensor(const std::string& name, DType dtype, const std::vector<std::int64_t>& shape, std::vector<std::uint8_t> data);
  // Quantizes float values row by row into `dtype` (core/quant_blocks.h quantizeRow).
  void addTensorFrom(const std::string& name, DType dtype, const std::vector<std::int64_t>& shape, const std::vector<float>& values);

  std::vector<std::uint8_t> bytes(std::uint32_t version = 3) const;
  void write(const std::string& path, std::uint32_t version = 3) const;  // Error naming the path on failure

 private:
  struct Tensor {
    std::string name;
    DType dtype;
    std::vector<std::int64_t> shape;
    std::vector<std::uint8_t> data;
  };
  std::vector<std::uint8_t> meta_;
  std::uint64_t count_ = 0;
  std::uint32_t alignment_ = 32;
  std::vector<Tensor> tensors_;
};

// ggml's type id for a DType (F32 0, F16 1, Q4_0 2, ... BF16 30).
std::uint32_t ggmlTypeId(DType t);

}  // namespace glassbox
