// Model::load: reads the configuration and tensors of a Hugging Face folder or a llama2.c checkpoint,
// checks that every tensor the architecture needs exists with the shape the configuration implies,
// checks memory, then binds the weights: in place when F32 and aligned; matmul weights stored as F16/BF16
// also in place (the kernels widen them as they read them, so RAM and bytes read per token stay at 2 per
// weight); block-quantized matmul weights and token embeddings (GGUF) in place too, their F16 scales checked
// for NaN/Inf; everything else converted to F32. The format is chosen by content: a folder (or a file in
// one) is Hugging Face, a file starting with "GGUF" is GGUF, any other file a llama2.c checkpoint.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/quant_blocks.h"
#include "formats/gguf_model.h"
#include "formats/llama2c_checkpoint.h"
#include "formats/safetensors.h"
#include "models/model.h"
#include "models/model_name.h"
#include "models/model_weights.h"
#include "models/registry.h"
#include "models/weight_plan.h"

namespace glassbox {

namespace {

// A tensor kept in its 16-bit storage: one that may be (target16), F16/BF16, 2-byte aligned in the mapping.
bool keepsHalf(const WeightBinding& b) {
  return b.target16 && (b.ref->dtype == DType::F16 || b.ref->dtype == DType::BF16) &&
         reinterpret_cast<std::uintptr_t>(b.ref->data) % 2 == 0;
}

// A block-quantized tensor kept in place: only matmul weights and the token embedding may be.
bool keepsBlocks(const WeightBinding& b) { return b.targetBlocks && isBlockQuantized(b.ref->dtype); }

std::string shapeText(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string megabytes(std::uint64_t bytes) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

// MemAvailable from /proc/meminfo in bytes; 0 when unknown.
std::uint64_t availableMemoryBytes() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  std::uint64_t value = 0;
  while (in >> key >> value) {
    std::getline(in, unit);
    if (key == "MemAvailable:") return value * 1024;
  }
  return 0;
}

}  // namespace

class ModelLoader {
 public:
  ModelLoader(std::string path, const LoadOptions& options) : path_(std::move(path)), options_(options) {}
  std::shared_ptr<const Model> run();

 private:
  void openSource();
  void resolveAndCheckShapes();
  void checkMemory() const;
  void bind();
  const float* bindOne(const TensorRef& ref);
  void checkHalfFinite(const TensorRef& ref);
  void checkBlocksFinite(const TensorRef& ref);
  void openGguf();
  void reportProgress(double fraction) const;

  std::string path_;
  const LoadOptions& options_;
  std::shared_ptr<Model> model_;
  std::vector<WeightBinding> bindings_;
  std::uint64_t convertBytes_ = 0, inPlaceBytes_ = 0, totalBytes_ = 0, doneBytes_ = 0;
  std::map<std::string, std::string> storedNames_;  // GGUF: Hugging Face name -> name in the file
  std::string shownName(const std::string& name) const {
    auto it = storedNames_.find(name);
    return it == storedNames_.end() ? name : it->second;
  }
};

void ModelLoader::openSource() {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto weights = std::make_unique<ModelWeights>();
  const fs::path asPath(path_);
  // A model.safetensors or config.json inside a Hugging Face folder stands for the folder.
  const bool folderFile = asPath.extension() == ".safetensors" || asPath.filename() == "config.json";
  const std::string folder = folderFile ? asPath.parent_path().string() : path_;
  if (fs::is_directory(folder.empty() ? "." : folder, ec)) {
    model_->config_ = readHfConfigFolder(folder.empty() ? "." : folder);
    weights->source = openSafetensorsFolder(folder.empty() ? "." : folder);
    model_->info_.format = "safetensors";
  } else if (isGgufFile(path_)) {
    model_->weights_ = std::move(weights);
    openGguf();
  } else if (fs::exists(path_, ec)) {
    if (asPath.extension() == ".gguf")
      throw Error(path_ + ": not a GGUF file (it does not start with \"GGUF\"); hint: the download may be incomplete");
    Llama2cCheckpoint ckpt = openLlama2cCheckpoint(path_);
    model_->config_ = ckpt.config;
    architectureByKey(model_->config_.architecture).setFeatures(model_->config_);
    weights->source = std::move(ckpt.tensors);
    model_->info_.format = "llama2.c";
  } else {
    throw Error(path_ + ": no such file or folder; hint: pass a Hugging Face model folder (config.json + "
                        "model.safetensors) or a llama2.c checkpoint (.bin)");
  }
  if (weights) model_->weights_ = std::move(weights);
  model_->info_.path = path_;
  model_->info_.name = modelDisplayName(path_);
  model_->info_.fileBytes = model_->weights_->source->fileBytes();
  if (model_->info_.tensors.empty())
    for (const auto& [name, ref] : model_->weights_->source->tensors())
      model_->info_.tensors.push_back({name, ref.dtype, ref.shape, ref.byteSize});
}

// A GGUF model: configuration from its metadata, tensors under Hugging Face names; the Model view lists
// them under their names in the file.
void ModelLoader::openGguf() {
  GgufModel g = openGgufModel(path_);
  model_->config_ = g.config;
  architectureByKey(model_->config_.architecture).setFeatures(model_->config_);
  model_->info_.format = "gguf";
  for (const GgufTensorInfo& t : g.file->tensors()) {
    std::vector<std::int64_t> shape(t.dims.rbegin(), t.dims.rend());
    model_->info_.tensors.push_back({t.name, t.dtype.value_or(DType::F32), shape, t.bytes, t.typeName});
  }
  model_->weights_->source = std::move(g.tensors);
  storedNames_ = std::move(g.storedNames);
}

// Checks that hold for every architecture, before its own validate().
void checkDimensions(const ModelConfig& c, const std::string& path) {
  auto bad = [&](const std::string& what) {
    throw Error(path + ": configuration " + what + "; hint: check config.json (or the checkpoint header)");
  };
  if (c.numLayers <= 0 || c.numHeads <= 0 || c.numKvHeads <= 0 || c.dModel <= 0 || c.headDim <= 0 ||
      c.hiddenDim <= 0 || c.vocabSize <= 0 || c.contextLength <= 0 ||
      (c.family == Family::EncoderDecoder && c.numDecoderLayers <= 0))
    bad("has a zero or negative dimension");
  if (c.numHeads % c.numKvHeads != 0)
    bad("num_attention_heads " + std::to_string(c.numHeads) + " is not a multiple of num_key_value_heads " +
        std::to_string(c.numKvHeads));
}

void ModelLoader::resolveAndCheckShapes() {
  const TensorSource& src = *model_->weights_->source;
  std::map<std::string, bool> counted;
  for (WeightBinding& b : bindings_) {
    for (const std::string& n : b.names)
      if ((b.ref = src.find(n))) break;
    if (!b.ref) {
      std::string tried;
      for (const std::string& n : b.names) tried += (tried.empty() ? "" : ", ") + n;
      throw Error(src.description + ": tensor " + shownName(b.names.front()) + " is missing (expected shape " + shapeText(b.shape) +
                  "; names tried: " + tried + ")" + (b.note.empty() ? "" : "; " + b.note) +
                  "; hint: the file may be incomplete, or be a checkpoint of another architecture than config.json's " +
                  model_->config_.architectureName);
    }
    if (b.ref->shape != b.shape)
      throw Error(src.description + ": tensor " + shownName(b.ref->name) + " has shape " + shapeText(b.ref->shape) +
                  ", expected " + shapeText(b.shape) + " from the configuration");
    // A tensor bound twice (a tied embedding) is counted once per form: kept 16-bit and/or as F32.
    const bool half = keepsHalf(b) || keepsBlocks(b);
    const std::string& name = b.ref->name;
    if (!counted[name]) model_->info_.parameterCount += static_cast<std::uint64_t>(b.ref->elementCount());
    if (counted[name + (half ? "/half" : "/float")]) continue;
    counted[name] = counted[name + (half ? "/half" : "/float")] = true;
    const auto elements = static_cast<std::uint64_t>(b.ref->elementCount());
    const bool inPlace = b.ref->dtype == DType::F32 && reinterpret_cast<std::uintptr_t>(b.ref->data) % 4 == 0;
    if (keepsBlocks(b)) inPlaceBytes_ += b.ref->byteSize;
    else if (half) inPlaceBytes_ += elements * 2;
    else (inPlace ? inPlaceBytes_ : convertBytes_) += elements * 4;
  }
  totalBytes_ = inPlaceBytes_ + convertBytes_;
  model_->info_.dtype = bindings_.front().ref->dtype;
}

void ModelLoader::checkMemory() const {
  const std::uint64_t limit = options_.memoryLimitBytes ? options_.memoryLimitBytes : availableMemoryBytes();
  if (limit == 0) return;  // unknown: nothing to compare against
  if (totalBytes_ > limit)
    throw Error(path_ + ": the weights need " + megabytes(totalBytes_) + " of memory (" + megabytes(convertBytes_) +
                " converted to F32 + " + megabytes(inPlaceBytes_) + " mapped) but only " + megabytes(limit) +
                (options_.memoryLimitBytes ? " are allowed" : " are available") +
                "; hint: close other programs or choose a smaller model");
}

void ModelLoader::reportProgress(double fraction) const {
  if (options_.progress && !options_.progress(fraction)) throw Cancelled();
}

// Finds the first NaN/Inf; n floats.
static std::int64_t firstNonFinite(const float* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(p[i])) return static_cast<std::int64_t>(i);
  return -1;
}

const float* ModelLoader::bindOne(const TensorRef& ref) {
  const std::size_t n = static_cast<std::size_t>(ref.elementCount());
  constexpr std::size_t kChunk = std::size_t{1} << 22;  // elements between progress reports
  const bool inPlace = ref.dtype == DType::F32 && reinterpret_cast<std::uintptr_t>(ref.data) % 4 == 0;
  const float* result = nullptr;
  float* dst = nullptr;
  if (inPlace) {
    result = reinterpret_cast<const float*>(ref.data);
  } else {
    auto buffer = std::make_unique<float[]>(n);
    dst = buffer.get();
    result = dst;
    model_->weights_->owned.push_back(std::move(buffer));
    model_->weights_->ownedBytes += n * 4;
  }
  for (std::size_t begin = 0; begin < n; begin += kChunk) {  // kChunk: whole blocks of every type
    const std::size_t count = std::min(kChunk, n - begin);
    if (dst) convertToFloat(ref.dtype, ref.data + rowBytes(ref.dtype, static_cast<std::int64_t>(begin)), dst + begin, count);
    const std::int64_t bad = firstNonFinite(result + begin, count);
    if (bad >= 0)
      throw Error(ref.file->path() + ": tensor " + shownName(ref.name) + " holds a NaN or infinite value at element " +
                  std::to_string(static_cast<std::int64_t>(begin) + bad) + "; hint: the file is corrupted");
    doneBytes_ += count * 4;
    reportProgress(totalBytes_ ? static_cast<double>(doneBytes_) / totalBytes_ : 1.0);
  }
  return result;
}

// Checks a F16/BF16 matmul weight kept in place for NaN/Inf (exponent bits all ones).
void ModelLoader::checkHalfFinite(const TensorRef& ref) {
  const std::size_t n = static_cast<std::size_t>(ref.elementCount());
  const auto* p = reinterpret_cast<const std::uint16_t*>(ref.data);
  const std::uint16_t exponent = ref.dtype == DType::F16 ? 0x7C00 : 0x7F80;
  constexpr std::size_t kChunk = std::size_t{1} << 22;  // elements between progress reports
  for (std::size_t begin = 0; begin < n; begin += kChunk) {
    const std::size_t end = std::min(n, begin + kChunk);
    for (std::size_t i = begin; i < end; ++i)
      if ((p[i] & exponent) == exponent)
        throw Error(ref.file->path() + ": tensor " + ref.name + " holds a NaN or infinite value at element " +
                    std::to_string(i) + "; hint: the file is corrupted");
    doneBytes_ += (end - begin) * 2;
    reportProgress(totalBytes_ ? static_cast<double>(doneBytes_) / totalBytes_ : 1.0);
  }
}

// Checks the F16 scales of every block of a quantized tensor kept in place (a NaN scale poisons 32-256
// weights at once).
void ModelLoader::checkBlocksFinite(const TensorRef& ref) {
  const BlockTraits bt = blockTraits(ref.dtype);
  const std::uint64_t blocks = ref.byteSize / static_cast<std::uint64_t>(bt.bytes);
  constexpr std::uint64_t kChunk = std::uint64_t{1} << 16;  // blocks between progress reports
  for (std::uint64_t begin = 0; begin < blocks; begin += kChunk) {
    const std::uint64_t count = std::min(kChunk, blocks - begin);
    const std::int64_t bad = firstNonFiniteBlock(ref.dtype, ref.data + begin * bt.bytes, count);
    if (bad >= 0)
      throw Error(ref.file->path() + ": tensor " + shownName(ref.name) + " (" + dtypeName(ref.dtype) + ") has a NaN or infinite scale in block " +
                  std::to_string(begin + static_cast<std::uint64_t>(bad)) + "; hint: the file is corrupted");
    doneBytes_ += count * bt.bytes;
    reportProgress(totalBytes_ ? static_cast<double>(doneBytes_) / totalBytes_ : 1.0);
  }
}

void ModelLoader::bind() {
  std::map<std::string, const float*> done;
  std::map<std::string, bool> doneHalf;
  for (const WeightBinding& b : bindings_) {
    const std::string& name = b.ref->name;
    if (keepsBlocks(b)) {
      if (!doneHalf[name]) checkBlocksFinite(*b.ref);
      doneHalf[name] = true;
      *b.target = nullptr;
      *b.targetBlocks = b.ref->data;
      *b.rowBytes = static_cast<std::size_t>(rowBytes(b.ref->dtype, b.shape.back()));
      *b.dtype16 = b.ref->dtype;
      continue;
    }
    if (keepsHalf(b)) {
      if (!doneHalf[name]) checkHalfFinite(*b.ref);
      doneHalf[name] = true;
      *b.target = nullptr;
      *b.target16 = reinterpret_cast<const std::uint16_t*>(b.ref->data);
      *b.dtype16 = b.ref->dtype;
      continue;
    }
    auto it = done.find(name);
    const float* p = it != done.end() ? it->second : bindOne(*b.ref);
    done[name] = p;
    *b.target = p;
  }
}

std::shared_ptr<const Model> ModelLoader::run() {
  model_ = std::shared_ptr<Model>(new Model());
  openSource();
  ModelConfig& c = model_->config_;
  model_->architecture_ = &architectureByKey(c.architecture);
  checkDimensions(c, path_);
  if (model_->architecture_->validate) model_->architecture_->validate(c, path_);
  reportProgress(0.0);
  WeightPlan plan(*model_->weights_->source, *model_->weights_, c);
  model_->architecture_->planWeights(plan);
  bindings_ = std::move(plan.bindings());
  resolveAndCheckShapes();
  checkMemory();
  bind();
  reportProgress(1.0);
  return model_;
}

std::shared_ptr<const Model> Model::load(const std::string& path, const LoadOptions& options) {
  return ModelLoader(path, options).run();
}

}  // namespace glassbox
