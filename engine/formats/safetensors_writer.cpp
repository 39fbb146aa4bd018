// Writing safetensors files: tensors sorted by name, packed back to back, header padded with spaces
// so the data section starts on an 8-byte boundary.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/json_util.h"
#include "formats/safetensors.h"

namespace glassbox {

namespace {

std::uint64_t expectedBytes(const TensorToWrite& t, const std::string& path) {
  std::uint64_t n = dtypeSize(t.dtype);
  for (std::int64_t d : t.shape) {
    if (d < 0) failFile(path, "cannot write tensor \"" + t.name + "\": negative dimension " + std::to_string(d));
    if (__builtin_mul_overflow(n, static_cast<std::uint64_t>(d), &n))
      failFile(path, "cannot write tensor \"" + t.name + "\": shape overflows 64 bits");
  }
  return n;
}

std::string buildHeader(const std::vector<const TensorToWrite*>& sorted,
                        const std::map<std::string, std::string>& metadata) {
  Json header = Json::object();
  if (!metadata.empty()) {
    Json meta = Json::object();
    for (const auto& [k, v] : metadata) meta[k] = v;
    header["__metadata__"] = std::move(meta);
  }
  std::uint64_t offset = 0;
  for (const TensorToWrite* t : sorted) {
    Json shape = Json::array();
    for (std::int64_t d : t->shape) shape.push_back(d);
    const std::uint64_t end = offset + t->data.size();
    header[t->name] = {{"dtype", dtypeName(t->dtype)}, {"shape", shape}, {"data_offsets", {offset, end}}};
    offset = end;
  }
  std::string text = header.dump();
  while ((8 + text.size()) % 8 != 0) text.push_back(' ');
  return text;
}

}  // namespace

void writeSafetensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  std::vector<const TensorToWrite*> sorted;
  std::set<std::string> names;
  for (const TensorToWrite& t : tensors) {
    if (t.name.empty() || t.name == "__metadata__")
      failFile(path, "cannot write a tensor named \"" + t.name + "\"");
    if (!names.insert(t.name).second) failFile(path, "cannot write tensor \"" + t.name + "\" twice");
    const std::uint64_t bytes = expectedBytes(t, path);
    if (bytes != t.data.size())
      failFile(path, "cannot write tensor \"" + t.name + "\": its shape needs " + std::to_string(bytes) +
                         " bytes of " + dtypeName(t.dtype) + " but " + std::to_string(t.data.size()) + " were given");
    sorted.push_back(&t);
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  const std::string header = buildHeader(sorted, metadata);

  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) failFile(tmp, "cannot open for writing");
    std::uint8_t len[8];
    std::uint64_t n = header.size();
    for (auto& b : len) {
      b = static_cast<std::uint8_t>(n & 0xff);
      n >>= 8;
    }
    out.write(reinterpret_cast<const char*>(len), 8);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    for (const TensorToWrite* t : sorted)
      out.write(reinterpret_cast<const char*>(t->data.data()), static_cast<std::streamsize>(t->data.size()));
    out.flush();
    if (!out) {
      out.close();
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      failFile(tmp, "write failed (disk full?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(tmp, ec);
    failFile(path, "cannot rename the temporary file into place: " + why);
  }
}

TensorToWrite f32Tensor(std::string name, std::vector<std::int64_t> shape, const std::vector<float>& values) {
  TensorToWrite t;
  t.name = std::move(name);
  t.dtype = DType::F32;
  t.shape = std::move(shape);
  t.data.resize(values.size() * sizeof(float));
  if (!values.empty()) std::memcpy(t.data.data(), values.data(), t.data.size());
  return t;
}

}  // namespace glassbox
