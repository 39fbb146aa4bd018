// The GGUF reader (gguf.h). Layout (ggml's docs/gguf.md): magic "GGUF", uint32 version, uint64 tensor
// count, uint64 metadata count; metadata: string key, uint32 type, value (strings are uint64 length +
// bytes; arrays uint32 element type + uint64 count + elements); tensor infos: string name, uint32 n_dims,
// uint64 dims[n_dims], uint32 ggml type, uint64 offset; padding to the alignment; the data section.
#include "formats/gguf.h"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "core/quant_blocks.h"
#include "formats/model_config.h"

namespace glassbox {

namespace {

constexpr std::uint64_t kMaxKeyBytes = 65535;        // the spec's limit for a key
constexpr std::uint64_t kMaxNameBytes = 4096;        // tensor names (ggml's own limit is 64)
constexpr std::uint64_t kMaxArrayStrings = 1u << 24;  // > any vocabulary or merge list
constexpr std::uint64_t kMaxNestedItems = 1u << 16;  // arrays of arrays: rare, and each item costs a GgufValue
constexpr std::int64_t kMaxTensorDim = std::max({kMaxVocab, kMaxContext, kMaxDim});
constexpr std::uint64_t kMaxAlignment = 1u << 20;

// A ggml tensor type: name, block traits, and the DType when Glassbox decodes it.
struct GgmlType {
  std::uint32_t id;
  const char* name;
  int blockElements, blockBytes;
  std::optional<DType> dtype;
};

const GgmlType kGgmlTypes[] = {
    {0, "F32", 1, 4, DType::F32},       {1, "F16", 1, 2, DType::F16},          {2, "Q4_0", 32, 18, DType::Q4_0},
    {3, "Q4_1", 32, 20, DType::Q4_1},   {6, "Q5_0", 32, 22, DType::Q5_0},      {7, "Q5_1", 32, 24, DType::Q5_1},
    {8, "Q8_0", 32, 34, DType::Q8_0},   {9, "Q8_1", 32, 36, std::nullopt},     {10, "Q2_K", 256, 84, DType::Q2_K},
    {11, "Q3_K", 256, 110, DType::Q3_K}, {12, "Q4_K", 256, 144, DType::Q4_K},  {13, "Q5_K", 256, 176, DType::Q5_K},
    {14, "Q6_K", 256, 210, DType::Q6_K}, {15, "Q8_K", 256, 292, std::nullopt}, {16, "IQ2_XXS", 256, 66, std::nullopt},
    {17, "IQ2_XS", 256, 74, std::nullopt}, {18, "IQ3_XXS", 256, 98, std::nullopt}, {19, "IQ1_S", 256, 50, std::nullopt},
    {20, "IQ4_NL", 32, 18, std::nullopt}, {21, "IQ3_S", 256, 110, std::nullopt}, {22, "IQ2_S", 256, 82, std::nullopt},
    {23, "IQ4_XS", 256, 136, std::nullopt}, {24, "I8", 1, 1, std::nullopt},   {25, "I16", 1, 2, std::nullopt},
    {26, "I32", 1, 4, std::nullopt},    {27, "I64", 1, 8, std::nullopt},       {28, "F64", 1, 8, std::nullopt},
    {29, "IQ1_M", 256, 56, std::nullopt}, {30, "BF16", 1, 2, DType::BF16},     {34, "TQ1_0", 256, 54, std::nullopt},
    {35, "TQ2_0", 256, 66, std::nullopt}, {39, "MXFP4", 32, 17, std::nullopt},
};

const GgmlType* ggmlType(std::uint32_t id) {
  for (const GgmlType& t : kGgmlTypes)
    if (t.id == id) return &t;
  return nullptr;
}

std::size_t scalarSize(GgufType t) {
  switch (t) {
    case GgufType::UInt8:
    case GgufType::Int8:
    case GgufType::Bool: return 1;
    case GgufType::UInt16:
    case GgufType::Int16: return 2;
    case GgufType::UInt32:
    case GgufType::Int32:
    case GgufType::Float32: return 4;
    case GgufType::UInt64:
    case GgufType::Int64:
    case GgufType::Float64: return 8;
    default: return 0;  // string, array
  }
}

bool knownType(std::uint32_t t) { return t <= static_cast<std::uint32_t>(GgufType::Float64); }

}  // namespace

std::string ggufTypeName(GgufType t) {
  static const char* const names[] = {"uint8", "int8",  "uint16", "int16",  "uint32", "int32", "float32",
                                      "bool",  "string", "array", "uint64", "int64",  "float64"};
  const auto i = static_cast<std::uint32_t>(t);
  return i < 13 ? names[i] : "type " + std::to_string(i);
}

bool GgufValue::isInteger() const {
  return type != GgufType::Float32 && type != GgufType::Float64 && type != GgufType::String && type != GgufType::Array;
}

std::optional<std::int64_t> GgufValue::asInt() const {
  if (!isInteger()) return std::nullopt;
  if (type == GgufType::UInt8 || type == GgufType::UInt16 || type == GgufType::UInt32 || type == GgufType::UInt64) {
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  return i;
}

std::optional<double> GgufValue::asFloat() const {
  if (type == GgufType::Float32 || type == GgufType::Float64) return f;
  if (auto v = asInt()) return static_cast<double>(*v);
  return std::nullopt;
}

// Reads the header, metadata and tensor infos with every size checked against what remains of the file.
class GgufParser {
 public:
  GgufParser(GgufFile& out) : out_(out), p_(out.file_->data()), size_(out.file_->size()) {}
  void run();

 private:
  [[noreturn]] void fail(const std::string& message) const {
    failFile(out_.file_->path(), message + " (GGUF, at byte " + std::to_string(pos_) + ")");
  }
  std::uint64_t remaining() const { return size_ - pos_; }
  void need(std::uint64_t n, const std::string& what) const {
    if (n > remaining())
      fail("truncated: " + what + " needs " + std::to_string(n) + " bytes but " + std::to_string(remaining()) +
           " remain; hint: the file is incomplete or not a GGUF file");
  }
  template <class T>
  T read(const std::string& what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, p_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view readString(const std::string& what, std::uint64_t maxBytes);
  void readValue(GgufValue& v, GgufType type, const std::string& key, int depth);
  void readArray(GgufValue& v, const std::string& key, int depth);
  void readHeader(std::uint64_t& tensors, std::uint64_t& kvs);
  void readMetadata(std::uint64_t count);
  void readTensorInfos(std::uint64_t count);
  void placeTensors();

  GgufFile& out_;
  const std::uint8_t* p_;
  std::uint64_t size_;
  std::uint64_t pos_ = 0;
};

std::string_view GgufParser::readString(const std::string& what, std::uint64_t maxBytes) {
  const auto len = read<std::uint64_t>(what + " length");
  if (len > remaining())
    fail(what + " has length " + std::to_string(len) + " but only " + std::to_string(remaining()) +
         " bytes remain; hint: the file is truncated or corrupted");
  if (len > maxBytes) fail(what + " has length " + std::to_string(len) + ", more than the limit of " + std::to_string(maxBytes));
  need(len, what);
  std::string_view s(reinterpret_cast<const char*>(p_ + pos_), len);
  pos_ += len;
  return s;
}

void GgufParser::readValue(GgufValue& v, GgufType type, const std::string& key, int depth) {
  v.type = type;
  const std::string what = "value of " + key;
  switch (type) {
    case GgufType::UInt8: v.u = read<std::uint8_t>(what); break;
    case GgufType::Int8: v.i = read<std::int8_t>(what); break;
    case GgufType::UInt16: v.u = read<std::uint16_t>(what); break;
    case GgufType::Int16: v.i = read<std::int16_t>(what); break;
    case GgufType::UInt32: v.u = read<std::uint32_t>(what); break;
    case GgufType::Int32: v.i = read<std::int32_t>(what); break;
    case GgufType::UInt64: v.u = read<std::uint64_t>(what); break;
    case GgufType::Int64: v.i = read<std::int64_t>(what); break;
    case GgufType::Float32: v.f = read<float>(what); break;
    case GgufType::Float64: v.f = read<double>(what); break;
    case GgufType::Bool: {
      const auto b = read<std::uint8_t>(what);
      if (b > 1) fail("bool " + what + " is " + std::to_string(b) + ", not 0 or 1");
      v.i = b;
      break;
    }
    case GgufType::String: v.s = readString("string " + what, remaining()); break;
    case GgufType::Array: readArray(v, key, depth + 1); break;
  }
}

void GgufParser::readArray(GgufValue& v, const std::string& key, int depth) {
  if (depth > kMaxGgufNesting)
    fail("metadata " + key + " nests arrays more than " + std::to_string(kMaxGgufNesting) +
         " deep; hint: the file is corrupted or hostile");
  const auto et = read<std::uint32_t>("array type of " + key);
  if (!knownType(et)) fail("metadata " + key + " is an array of unknown type " + std::to_string(et));
  v.elementType = static_cast<GgufType>(et);
  v.count = read<std::uint64_t>("array length of " + key);
  const std::size_t scalar = scalarSize(v.elementType);
  // The smallest encoding of one element: a scalar's size, a string's 8-byte length, an array's 12-byte head.
  const std::uint64_t minBytes = scalar ? scalar : (v.elementType == GgufType::String ? 8 : 12);
  if (v.count > remaining() / minBytes)
    fail("metadata " + key + " claims " + std::to_string(v.count) + " " + ggufTypeName(v.elementType) +
         " elements but only " + std::to_string(remaining()) + " bytes remain; hint: the file is corrupted");
  if (scalar) {
    v.raw = {p_ + pos_, v.count * scalar};
    if (v.elementType == GgufType::Bool)
      for (std::uint8_t b : v.raw)
        if (b > 1) fail("metadata " + key + " holds a bool that is neither 0 nor 1");
    pos_ += v.count * scalar;
  } else if (v.elementType == GgufType::String) {
    if (v.count > kMaxArrayStrings) fail("metadata " + key + " lists more than " + std::to_string(kMaxArrayStrings) + " strings");
    v.strings.reserve(v.count);
    for (std::uint64_t k = 0; k < v.count; ++k) v.strings.push_back(readString("string " + std::to_string(k) + " of " + key, remaining()));
  } else {
    if (v.count > kMaxNestedItems) fail("metadata " + key + " nests more than " + std::to_string(kMaxNestedItems) + " arrays");
    v.items.resize(v.count);
    for (std::uint64_t k = 0; k < v.count; ++k) readValue(v.items[k], v.elementType, key + "[" + std::to_string(k) + "]", depth);
  }
}

void GgufParser::readHeader(std::uint64_t& tensors, std::uint64_t& kvs) {
  need(4, "the magic");
  if (std::memcmp(p_, "GGUF", 4) != 0) fail("not a GGUF file (the first bytes are not \"GGUF\")");
  pos_ = 4;
  out_.version_ = read<std::uint32_t>("the version");
  if (out_.version_ == 1) fail("GGUF version 1 is not supported; hint: convert the model again with a current llama.cpp");
  if (out_.version_ != 2 && out_.version_ != 3) {
    const bool swapped = (out_.version_ & 0xFFFFu) == 0 && out_.version_ != 0;
    fail("GGUF version " + std::to_string(out_.version_) + " is not supported (versions 2 and 3 are)" +
         (swapped ? "; hint: this looks like a big-endian GGUF file" : ""));
  }
  tensors = read<std::uint64_t>("the tensor count");
  kvs = read<std::uint64_t>("the metadata count");
  // A tensor info takes at least 32 bytes (name length, one dim, type, offset), a key/value 13.
  if (tensors > remaining() / 32)
    fail("the header claims " + std::to_string(tensors) + " tensors but the file has only " + std::to_string(size_) +
         " bytes; hint: the file is corrupted");
  if (kvs > remaining() / 13)
    fail("the header claims " + std::to_string(kvs) + " metadata entries but the file has only " +
         std::to_string(size_) + " bytes; hint: the file is corrupted");
}

void GgufParser::readMetadata(std::uint64_t count) {
  for (std::uint64_t k = 0; k < count; ++k) {
    const std::string key(readString("key of metadata entry " + std::to_string(k), kMaxKeyBytes));
    const auto type = read<std::uint32_t>("type of " + key);
    if (!knownType(type)) fail("metadata " + key + " has unknown value type " + std::to_string(type));
    GgufValue v;
    readValue(v, static_cast<GgufType>(type), key, 0);
    if (!out_.metadata_.emplace(key, std::move(v)).second) fail("metadata key " + key + " appears twice");
  }
  if (const GgufValue* a = out_.find("general.alignment")) {
    const auto value = a->asInt();
    if (!value || *value <= 0 || static_cast<std::uint64_t>(*value) > kMaxAlignment || (*value & (*value - 1)) != 0)
      fail("general.alignment must be a power of two up to " + std::to_string(kMaxAlignment));
    out_.alignment_ = static_cast<std::uint64_t>(*value);
  }
}

void GgufParser::readTensorInfos(std::uint64_t count) {
  out_.tensors_.reserve(count);
  for (std::uint64_t k = 0; k < count; ++k) {
    GgufTensorInfo t;
    t.name = std::string(readString("name of tensor " + std::to_string(k), kMaxNameBytes));
    const auto dims = read<std::uint32_t>("dimension count of " + t.name);
    if (dims == 0 || dims > 4) fail("tensor " + t.name + " has " + std::to_string(dims) + " dimensions; GGUF allows 1 to 4");
    for (std::uint32_t d = 0; d < dims; ++d) {
      const auto ne = read<std::uint64_t>("dimension of " + t.name);
      if (ne == 0 || ne > static_cast<std::uint64_t>(kMaxTensorDim))
        fail("tensor " + t.name + " has dimension " + std::to_string(ne) + " outside 1.." + std::to_string(kMaxTensorDim));
      t.dims.push_back(static_cast<std::int64_t>(ne));
    }
    t.ggmlType = read<std::uint32_t>("type of " + t.name);
    const GgmlType* gt = ggmlType(t.ggmlType);
    if (!gt) fail("tensor " + t.name + " has unknown ggml type " + std::to_string(t.ggmlType) + "; hint: the file is corrupted or newer than Glassbox");
    t.typeName = gt->name;
    t.dtype = gt->dtype;
    t.offset = read<std::uint64_t>("offset of " + t.name);
    if (t.dims[0] % gt->blockElements != 0)
      fail("tensor " + t.name + " has rows of " + std::to_string(t.dims[0]) + " elements, not a whole number of " +
           std::to_string(gt->blockElements) + "-element " + gt->name + " blocks");
    std::uint64_t rows = 1;
    for (std::size_t d = 1; d < t.dims.size(); ++d)
      if (__builtin_mul_overflow(rows, static_cast<std::uint64_t>(t.dims[d]), &rows)) fail("tensor " + t.name + " is too large");
    const std::uint64_t row = static_cast<std::uint64_t>(t.dims[0] / gt->blockElements) * static_cast<std::uint64_t>(gt->blockBytes);
    if (__builtin_mul_overflow(rows, row, &t.bytes)) fail("tensor " + t.name + " is too large");
    if (!out_.tensorIndex_.emplace(t.name, out_.tensors_.size()).second) fail("tensor name " + t.name + " appears twice");
    out_.tensors_.push_back(std::move(t));
  }
}

// The data section starts at the next multiple of the alignment; every tensor must be aligned, inside
// it, and apart from the others.
void GgufParser::placeTensors() {
  const std::uint64_t a = out_.alignment_;
  const std::uint64_t start = (pos_ + a - 1) / a * a;
  if (out_.tensors_.empty()) return;
  if (start > size_) fail("the data section would start at byte " + std::to_string(start) + ", past the end of the file");
  const std::uint64_t dataSize = size_ - start;
  std::vector<const GgufTensorInfo*> order;
  for (GgufTensorInfo& t : out_.tensors_) {
    if (t.offset % a != 0)
      failFile(out_.file_->path(), "tensor " + t.name + " starts at offset " + std::to_string(t.offset) +
                                       ", not a multiple of the alignment " + std::to_string(a) + " (GGUF)");
    if (t.offset > dataSize || t.bytes > dataSize - t.offset)
      failFile(out_.file_->path(), "tensor " + t.name + " (" + std::to_string(t.bytes) + " bytes at offset " +
                                       std::to_string(t.offset) + ") runs past the end of the data section (" +
                                       std::to_string(dataSize) + " bytes); hint: the file is truncated");
    t.data = p_ + start + t.offset;
    order.push_back(&t);
  }
  std::sort(order.begin(), order.end(), [](auto* x, auto* y) { return x->offset < y->offset; });
  for (std::size_t k = 1; k < order.size(); ++k)
    if (order[k]->offset < order[k - 1]->offset + order[k - 1]->bytes)
      failFile(out_.file_->path(), "tensors " + order[k - 1]->name + " and " + order[k]->name + " overlap (GGUF)");
}

void GgufParser::run() {
  std::uint64_t tensors = 0, kvs = 0;
  readHeader(tensors, kvs);
  readMetadata(kvs);
  readTensorInfos(tensors);
  placeTensors();
}

std::shared_ptr<const GgufFile> GgufFile::parse(std::shared_ptr<const MappedFile> file) {
  std::shared_ptr<GgufFile> g(new GgufFile());
  g->file_ = std::move(file);
  GgufParser(*g).run();
  return g;
}

std::shared_ptr<const GgufFile> GgufFile::open(const std::string& path) { return parse(MappedFile::open(path)); }

const GgufValue* GgufFile::find(std::string_view key) const {
  auto it = metadata_.find(key);
  return it == metadata_.end() ? nullptr : &it->second;
}

const GgufTensorInfo* GgufFile::findTensor(std::string_view name) const {
  auto it = tensorIndex_.find(name);
  return it == tensorIndex_.end() ? nullptr : &tensors_[it->second];
}

namespace {
[[noreturn]] void wrongType(const std::string& path, std::string_view key, const GgufValue& v, const char* wanted) {
  failFile(path, "metadata " + std::string(key) + " is a " + ggufTypeName(v.type) + ", expected " + wanted);
}
}  // namespace

std::optional<std::string> GgufFile::getString(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v) return std::nullopt;
  if (v->type != GgufType::String) wrongType(path(), key, *v, "a string");
  return std::string(v->s);
}

std::optional<std::int64_t> GgufFile::getInt(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v) return std::nullopt;
  if (!v->isInteger() || v->type == GgufType::Bool) wrongType(path(), key, *v, "an integer");
  const auto i = v->asInt();
  if (!i) failFile(path(), "metadata " + std::string(key) + " = " + std::to_string(v->u) + " is too large");
  return i;
}

std::optional<double> GgufFile::getFloat(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v) return std::nullopt;
  const auto f = v->asFloat();
  if (!f || v->type == GgufType::Bool) wrongType(path(), key, *v, "a number");
  return f;
}

std::optional<bool> GgufFile::getBool(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v) return std::nullopt;
  if (v->type != GgufType::Bool) wrongType(path(), key, *v, "a bool");
  return v->i != 0;
}

const GgufValue* GgufFile::getArray(std::string_view key, GgufType element) const {
  const GgufValue* v = find(key);
  if (!v) return nullptr;
  const bool numeric = element != GgufType::String && element != GgufType::Array;
  const bool ok = v->type == GgufType::Array &&
                  (v->elementType == element || (numeric && scalarSize(v->elementType) != 0 && v->elementType != GgufType::Bool));
  if (!ok)
    failFile(path(), "metadata " + std::string(key) + " is " +
                         (v->type == GgufType::Array ? "an array of " + ggufTypeName(v->elementType) : "a " + ggufTypeName(v->type)) +
                         ", expected an array of " + ggufTypeName(element));
  return v;
}

std::unique_ptr<TensorSource> GgufFile::tensorSource(const std::map<std::string, std::string>& names) const {
  auto src = std::make_unique<TensorSource>();
  src->description = path();
  for (const GgufTensorInfo& t : tensors_) {
    std::string name = t.name;
    if (!names.empty()) {
      auto it = names.find(t.name);
      if (it == names.end()) continue;
      name = it->second;
    }
    if (!t.dtype)
      failFile(path(), "tensor " + t.name + " has type " + t.typeName +
                           ", which Glassbox does not decode (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, "
                           "Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K); hint: quantize the model to one of these");
    TensorRef ref;
    ref.name = std::move(name);
    ref.dtype = *t.dtype;
    ref.shape.assign(t.dims.rbegin(), t.dims.rend());
    ref.data = t.data;
    ref.byteSize = t.bytes;
    ref.file = file_;
    src->add(std::move(ref));
  }
  return src;
}

bool isGgufFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::memcmp(magic, "GGUF", 4) == 0;
}

}  // namespace glassbox
