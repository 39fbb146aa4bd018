#pragma once
// GGUF files (llama.cpp's format, versions 2 and 3): "GGUF", version, tensor count, metadata count, then
// typed key/value metadata, tensor infos (name, dims, ggml type, offset) and the data section at
// `general.alignment` (default 32), memory-mapped. Every count, length, dimension and offset is checked
// against the file size and sane limits before it is used; arrays nest at most kMaxGgufNesting deep.
// GGUF lists dims fastest first (ne0 = a row's elements): the reverse of safetensors' row-major shape.
// Immutable after open(); any number of threads may read it.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/dtype.h"
#include "core/mapped_file.h"
#include "formats/tensor_source.h"

namespace glassbox {

enum class GgufType : std::uint32_t {
  UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7, String = 8,
  Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
};
std::string ggufTypeName(GgufType t);  // "uint32", "string", "array", ...

inline constexpr int kMaxGgufNesting = 8;  // arrays of arrays deeper than this are refused

// One metadata value. Scalars are widened (integers to int64/uint64, floats to double); strings and the
// elements of arrays are views into the mapping (valid while the GgufFile lives).
struct GgufValue {
  GgufType type = GgufType::UInt8;
  std::int64_t i = 0;   // signed integers and bool
  std::uint64_t u = 0;  // unsigned integers
  double f = 0;         // floats
  std::string_view s;   // strings
  // Arrays: element type and count; elements of a scalar type as raw little-endian bytes
  // [count * size]; strings in `strings`; nested arrays in `items`.
  GgufType elementType = GgufType::UInt8;
  std::uint64_t count = 0;
  std::span<const std::uint8_t> raw;
  std::vector<std::string_view> strings;
  std::vector<GgufValue> items;

  bool isInteger() const;
  std::optional<std::int64_t> asInt() const;  // any integer or bool scalar (a uint64 above int64 max: nullopt)
  std::optional<double> asFloat() const;      // any number scalar
};

struct GgufTensorInfo {
  std::string name;
  std::vector<std::int64_t> dims;  // ne0 first (ne0 = elements of a row)
  std::uint32_t ggmlType = 0;
  std::string typeName;            // "F32", "Q4_K", "IQ2_XXS", ...
  std::optional<DType> dtype;      // nullopt for ggml types Glassbox does not decode
  std::uint64_t offset = 0;        // in the data section
  std::uint64_t bytes = 0;
  const std::uint8_t* data = nullptr;
};

class GgufFile {
 public:
  // Throws Error naming the file and the field (key, tensor) with a hint.
  static std::shared_ptr<const GgufFile> open(const std::string& path);
  // The same checks on a file already mapped.
  static std::shared_ptr<const GgufFile> parse(std::shared_ptr<const MappedFile> file);

  std::uint32_t version() const { return version_; }
  std::uint64_t alignment() const { return alignment_; }
  const std::string& path() const { return file_->path(); }
  const std::map<std::string, GgufValue, std::less<>>& metadata() const { return metadata_; }
  const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
  const GgufTensorInfo* findTensor(std::string_view name) const;

  const GgufValue* find(std::string_view key) const;
  // Typed look-ups: nullopt when absent; Error naming the key when present with another type.
  std::optional<std::string> getString(std::string_view key) const;
  std::optional<std::int64_t> getInt(std::string_view key) const;
  std::optional<double> getFloat(std::string_view key) const;
  std::optional<bool> getBool(std::string_view key) const;
  // An array of strings / of numbers (any numeric element type, converted); Error on another type.
  const GgufValue* getArray(std::string_view key, GgufType element) const;

  // The tensors under `names` (GGUF name -> name to expose), shapes reversed to row-major. Tensors of a
  // ggml type Glassbox does not decode are refused by name. Tensors not in `names` are left out;
  // an empty map exposes every tensor under its own name.
  std::unique_ptr<TensorSource> tensorSource(const std::map<std::string, std::string>& names = {}) const;

  std::shared_ptr<const MappedFile> file() const { return file_; }

 private:
  GgufFile() = default;
  std::shared_ptr<const MappedFile> file_;
  std::uint32_t version_ = 0;
  std::uint64_t alignment_ = 32;
  std::map<std::string, GgufValue, std::less<>> metadata_;
  std::vector<GgufTensorInfo> tensors_;
  std::map<std::string, std::size_t, std::less<>> tensorIndex_;
  friend class GgufParser;
};

// True when the file starts with the GGUF magic (false for a folder, an unreadable or short file).
bool isGgufFile(const std::string& path);

}  // namespace glassbox
