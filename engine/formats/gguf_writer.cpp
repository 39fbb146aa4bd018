// GgufWriter (gguf_writer.h): little-endian encoding of the layout gguf.cpp reads.
#include "formats/gguf_writer.h"

#include <cstring>
#include <fstream>

#include "core/error.h"
#include "core/quant_blocks.h"

namespace glassbox {

namespace {

template <class T>
void put(std::vector<std::uint8_t>& out, T v) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
  out.insert(out.end(), p, p + sizeof(T));
}

void putString(std::vector<std::uint8_t>& out, const std::string& s) {
  put<std::uint64_t>(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

}  // namespace

std::uint32_t ggmlTypeId(DType t) {
  switch (t) {
    case DType::F32: return 0;
    case DType::F16: return 1;
    case DType::Q4_0: return 2;
    case DType::Q4_1: return 3;
    case DType::Q5_0: return 6;
    case DType::Q5_1: return 7;
    case DType::Q8_0: return 8;
    case DType::Q2_K: return 10;
    case DType::Q3_K: return 11;
    case DType::Q4_K: return 12;
    case DType::Q5_K: return 13;
    case DType::Q6_K: return 14;
    case DType::BF16: return 30;
  }
  return 0;
}

void GgufWriter::addRaw(const std::string& key, GgufType type, const std::vector<std::uint8_t>& payload) {
  putString(meta_, key);
  put<std::uint32_t>(meta_, static_cast<std::uint32_t>(type));
  meta_.insert(meta_.end(), payload.begin(), payload.end());
  ++count_;
}

void GgufWriter::addString(const std::string& key, const std::string& value) {
  std::vector<std::uint8_t> p;
  putString(p, value);
  addRaw(key, GgufType::String, p);
}

void GgufWriter::addUInt32(const std::string& key, std::uint32_t value) {
  std::vector<std::uint8_t> p;
  put(p, value);
  addRaw(key, GgufType::UInt32, p);
}

void GgufWriter::addInt32(const std::string& key, std::int32_t value) {
  std::vector<std::uint8_t> p;
  put(p, value);
  addRaw(key, GgufType::Int32, p);
}

void GgufWriter::addFloat32(const std::string& key, float value) {
  std::vector<std::uint8_t> p;
  put(p, value);
  addRaw(key, GgufType::Float32, p);
}

void GgufWriter::addBool(const std::string& key, bool value) { addRaw(key, GgufType::Bool, {static_cast<std::uint8_t>(value)}); }

void GgufWriter::addStringArray(const std::string& key, const std::vector<std::string>& values) {
  std::vector<std::uint8_t> p;
  put<std::uint32_t>(p, static_cast<std::uint32_t>(GgufType::String));
  put<std::uint64_t>(p, values.size());
  for (const auto& s : values) putString(p, s);
  addRaw(key, GgufType::Array, p);
}

void GgufWriter::addFloat32Array(const std::string& key, const std::vector<float>& values) {
  std::vector<std::uint8_t> p;
  put<std::uint32_t>(p, static_cast<std::uint32_t>(GgufType::Float32));
  put<std::uint64_t>(p, values.size());
  for (float v : values) put(p, v);
  addRaw(key, GgufType::Array, p);
}

void GgufWriter::addInt32Array(const std::string& key, const std::vector<std::int32_t>& values) {
  std::vector<std::uint8_t> p;
  put<std::uint32_t>(p, static_cast<std::uint32_t>(GgufType::Int32));
  put<std::uint64_t>(p, values.size());
  for (auto v : values) put(p, v);
  addRaw(key, GgufType::Array, p);
}

void GgufWriter::addUInt8Array(const std::string& key, const std::vector<std::uint8_t>& values) {
  std::vector<std::uint8_t> p;
  put<std::uint32_t>(p, static_cast<std::uint32_t>(GgufType::UInt8));
  put<std::uint64_t>(p, values.size());
  p.insert(p.end(), values.begin(), values.end());
  addRaw(key, GgufType::Array, p);
}

void GgufWriter::setAlignment(std::uint32_t alignment) {
  alignment_ = alignment;
  addUInt32("general.alignment", alignment);
}

void GgufWriter::addTensor(const std::string& name, DType dtype, const std::vector<std::int64_t>& shape,
                           std::vector<std::uint8_t> data) {
  tensors_.push_back({name, dtype, shape, std::move(data)});
}

void GgufWriter::addTensorFrom(const std::string& name, DType dtype, const std::vector<std::int64_t>& shape,
                               const std::vector<float>& values) {
  const std::int64_t row = shape.back();
  const std::int64_t rows = static_cast<std::int64_t>(values.size()) / row;
  const std::uint64_t rb = rowBytes(dtype, row);
  std::vector<std::uint8_t> data(rb * static_cast<std::uint64_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r) quantizeRow(dtype, values.data() + r * row, data.data() + r * rb, row);
  addTensor(name, dtype, shape, std::move(data));
}

std::vector<std::uint8_t> GgufWriter::bytes(std::uint32_t version) const {
  std::vector<std::uint8_t> out = {'G', 'G', 'U', 'F'};
  put<std::uint32_t>(out, version);
  put<std::uint64_t>(out, tensors_.size());
  put<std::uint64_t>(out, count_);
  out.insert(out.end(), meta_.begin(), meta_.end());
  std::uint64_t offset = 0;
  std::vector<std::uint64_t> offsets;
  for (const Tensor& t : tensors_) {
    putString(out, t.name);
    put<std::uint32_t>(out, static_cast<std::uint32_t>(t.shape.size()));
    for (auto it = t.shape.rbegin(); it != t.shape.rend(); ++it) put<std::uint64_t>(out, static_cast<std::uint64_t>(*it));
    put<std::uint32_t>(out, ggmlTypeId(t.dtype));
    put<std::uint64_t>(out, offset);
    offsets.push_back(offset);
    offset = (offset + t.data.size() + alignment_ - 1) / alignment_ * alignment_;
  }
  out.resize((out.size() + alignment_ - 1) / alignment_ * alignment_, 0);
  const std::size_t start = out.size();
  for (std::size_t k = 0; k < tensors_.size(); ++k) {
    out.resize(start + offsets[k], 0);
    out.insert(out.end(), tensors_[k].data.begin(), tensors_[k].data.end());
  }
  return out;
}

void GgufWriter::write(const std::string& path, std::uint32_t version) const {
  const std::vector<std::uint8_t> b = bytes(version);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size())))
    throw Error(path + ": cannot write the GGUF file; hint: check the folder exists and is writable");
}

}  // namespace glassbox
