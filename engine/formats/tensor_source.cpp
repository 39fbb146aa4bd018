#include "formats/tensor_source.h"

#include <set>

#include "core/error.h"

namespace glassbox {

std::int64_t TensorRef::elementCount() const {
  std::int64_t n = 1;
  for (std::int64_t d : shape) n *= d;  // readers have checked the product fits
  return n;
}

std::string TensorRef::shapeString() const {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

namespace {
std::string shapeText(const std::vector<std::int64_t>& shape) {
  TensorRef r;
  r.shape = shape;
  return r.shapeString();
}
}  // namespace

const TensorRef* TensorSource::find(const std::string& name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

const TensorRef& TensorSource::require(const std::string& name, const std::vector<std::int64_t>& expectedShape) const {
  const TensorRef* t = find(name);
  if (t == nullptr) {
    std::string msg = "tensor " + name + " is missing";
    if (!expectedShape.empty()) msg += " (expected shape " + shapeText(expectedShape) + ")";
    failFile(description, msg + "; hint: the file may be for a different architecture or use other tensor names");
  }
  if (!expectedShape.empty() && t->shape != expectedShape)
    failFile(description, "tensor " + name + " has shape " + t->shapeString() + ", expected " +
                              shapeText(expectedShape) + "; hint: config.json and the weights disagree");
  return *t;
}

std::uint64_t TensorSource::totalBytes() const {
  std::uint64_t total = 0;
  for (const auto& [name, t] : tensors_) total += t.byteSize;
  return total;
}

std::uint64_t TensorSource::fileBytes() const {
  std::set<const MappedFile*> seen;
  std::uint64_t total = 0;
  for (const auto& [name, t] : tensors_)
    if (t.file && seen.insert(t.file.get()).second) total += t.file->size();
  return total;
}

void TensorSource::add(TensorRef ref) {
  auto it = tensors_.find(ref.name);
  if (it != tensors_.end()) {
    const std::string first = it->second.file ? it->second.file->path() : description;
    const std::string second = ref.file ? ref.file->path() : description;
    failFile(description, "tensor \"" + ref.name + "\" appears twice (in " + first +
                              (first == second ? "" : " and " + second) + ")");
  }
  std::string name = ref.name;
  tensors_.emplace(std::move(name), std::move(ref));
}

}  // namespace glassbox
