// Reading safetensors files. Every number in the header is untrusted: the header length is checked
// against the file size before the JSON is looked at, and every shape and offset is checked with
// overflow-safe arithmetic against the data section before a TensorRef is made.
#include <algorithm>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "core/json_util.h"
#include "formats/safetensors.h"
#include "formats/safetensors_internal.h"

namespace glassbox {

namespace {

constexpr std::uint64_t kMaxHeaderBytes = std::uint64_t{100} << 20;  // the reference reader's limit
constexpr std::size_t kMaxRank = 8;

// A non-negative integer JSON value as uint64, or nullopt.
std::optional<std::uint64_t> asUnsigned(const Json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer()) {
    const std::int64_t x = v.get<std::int64_t>();
    if (x >= 0) return static_cast<std::uint64_t>(x);
  }
  return std::nullopt;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
  TensorRef r;
  r.shape = shape;
  return r.shapeString();
}

struct Entry {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0, end = 0;
};

// A tensor name as quoted in messages: hostile headers may hold names of megabytes.
std::string quotedName(const std::string& name) {
  constexpr std::size_t kMax = 120;
  std::string out(1, '"');
  out.append(name, 0, kMax);
  if (name.size() > kMax) out.append("...\" (").append(std::to_string(name.size())).append(" bytes)");
  else out.push_back('"');
  return out;
}

std::vector<std::int64_t> readShape(const Json& j, const std::string& path, const std::string& name,
                                    std::uint64_t* elements) {
  auto fail = [&](const std::string& msg) { failFile(path, "tensor " + quotedName(name) + ": " + msg); };
  auto it = j.find("shape");
  if (it == j.end() || !it->is_array()) fail("\"shape\" is missing or not a list of integers");
  if (it->size() > kMaxRank) fail("shape has " + std::to_string(it->size()) + " dimensions, more than " +
                                  std::to_string(kMaxRank));
  std::vector<std::int64_t> shape;
  std::uint64_t n = 1;
  for (const Json& d : *it) {
    const auto v = asUnsigned(d);
    if (!v) fail("shape entry " + d.dump().substr(0, 40) + " is not a non-negative integer");
    if (*v > static_cast<std::uint64_t>(INT64_MAX)) fail("shape entry " + std::to_string(*v) + " is too large");
    if (__builtin_mul_overflow(n, *v, &n))
      fail("the product of the shape overflows 64 bits; the header is corrupted");
    shape.push_back(static_cast<std::int64_t>(*v));
  }
  if (n > static_cast<std::uint64_t>(INT64_MAX)) fail("the product of the shape is too large");
  *elements = n;
  return shape;
}

Entry readEntry(const std::string& name, const Json& j, const std::string& path, std::uint64_t dataBytes) {
  auto fail = [&](const std::string& msg) { failFile(path, "tensor " + quotedName(name) + ": " + msg); };
  if (!j.is_object()) fail("entry is not a JSON object");
  Entry e;
  e.name = name;
  auto dt = j.find("dtype");
  if (dt == j.end() || !dt->is_string()) fail("\"dtype\" is missing or not a string");
  const auto dtype = dtypeFromName(dt->get<std::string>());
  if (!dtype) fail("dtype " + dt->dump().substr(0, 40) + " is not supported (supported: F32, F16, BF16)");
  e.dtype = *dtype;
  std::uint64_t elements = 0;
  e.shape = readShape(j, path, name, &elements);
  auto off = j.find("data_offsets");
  if (off == j.end() || !off->is_array() || off->size() != 2)
    fail("\"data_offsets\" is missing or not a pair [begin, end]");
  const auto b = asUnsigned((*off)[0]), en = asUnsigned((*off)[1]);
  if (!b || !en) fail("\"data_offsets\" must be two non-negative integers, found " + off->dump().substr(0, 60));
  e.begin = *b;
  e.end = *en;
  if (e.begin > e.end)
    fail("data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "] are reversed");
  if (e.end > dataBytes)
    fail("data_offsets end " + std::to_string(e.end) + " is past the end of the data section (" +
         std::to_string(dataBytes) + " bytes); the file is truncated or corrupted");
  std::uint64_t bytes = 0;
  if (__builtin_mul_overflow(elements, static_cast<std::uint64_t>(dtypeSize(e.dtype)), &bytes))
    fail("shape times dtype size overflows 64 bits");
  if (bytes != e.end - e.begin)
    fail("shape " + shapeText(e.shape) + " of " + dtypeName(e.dtype) + " needs " +
         std::to_string(bytes) + " bytes but data_offsets span " + std::to_string(e.end - e.begin));
  return e;
}

void checkNoOverlap(std::vector<Entry*>& entries, const std::string& path) {
  std::sort(entries.begin(), entries.end(), [](const Entry* a, const Entry* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  // Empty tensors occupy no bytes and cannot overlap; for the rest, compare with the furthest end so far.
  const Entry* furthest = nullptr;
  for (const Entry* cur : entries) {
    if (cur->begin == cur->end) continue;
    if (furthest != nullptr && cur->begin < furthest->end)
      failFile(path, "tensors " + quotedName(furthest->name) + " and " + quotedName(cur->name) +
                         " overlap in the data section");
    if (furthest == nullptr || cur->end > furthest->end) furthest = cur;
  }
}

}  // namespace

std::uint64_t readSafetensorsHeaderLength(const MappedFile& file) {
  const std::string& path = file.path();
  if (file.size() < 8)
    failFile(path, "is " + std::to_string(file.size()) +
                       " bytes, too short for a safetensors file (8-byte header length missing)");
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | file.data()[i];
  if (n > file.size() - 8)
    failFile(path, "safetensors header length " + std::to_string(n) + " is larger than the " +
                       std::to_string(file.size() - 8) + " bytes after it; the file is truncated or not safetensors");
  if (n > kMaxHeaderBytes)
    failFile(path, "safetensors header length " + std::to_string(n) + " exceeds the 100 MB limit");
  if (n < 2) failFile(path, "safetensors header is empty");
  return n;
}

void addSafetensorsFile(TensorSource& source, const std::shared_ptr<const MappedFile>& file) {
  const std::string& path = file->path();
  const std::uint64_t n = readSafetensorsHeaderLength(*file);
  const std::string_view text(reinterpret_cast<const char*>(file->data()) + 8, n);
  if (text.front() != '{') failFile(path, "safetensors header does not start with '{' (not a JSON object)");
  const Json header = parseJson(text, path + " (safetensors header)");
  if (!header.is_object()) failFile(path, "safetensors header is not a JSON object");
  const std::uint64_t dataBytes = file->size() - 8 - n;
  const std::uint8_t* data = file->data() + 8 + n;

  std::vector<Entry> entries;
  entries.reserve(header.size());  // bounded: each entry took bytes of the header, which fits in the file
  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      if (!value.is_object()) failFile(path, "\"__metadata__\" is not a JSON object");
      continue;  // free-form string map; nothing in it changes how tensors are read
    }
    entries.push_back(readEntry(name, value, path, dataBytes));
  }
  std::vector<Entry*> order;
  order.reserve(entries.size());
  for (Entry& e : entries) order.push_back(&e);
  checkNoOverlap(order, path);

  for (Entry& e : entries) {
    TensorRef ref;
    ref.name = e.name;
    ref.dtype = e.dtype;
    ref.shape = std::move(e.shape);
    ref.data = data + e.begin;
    ref.byteSize = static_cast<std::size_t>(e.end - e.begin);
    ref.file = file;
    source.add(std::move(ref));
  }
}

std::unique_ptr<TensorSource> openSafetensors(const std::string& path) {
  auto source = std::make_unique<TensorSource>();
  source->description = path;
  addSafetensorsFile(*source, MappedFile::open(path));
  return source;
}

}  // namespace glassbox
