// A Hugging Face model folder's weights: one model.safetensors, or shards listed by
// model.safetensors.index.json ({"weight_map": {"tensor name": "shard file name"}}).
#include <filesystem>
#include <set>

#include "core/error.h"
#include "core/json_util.h"
#include "core/mapped_file.h"
#include "formats/safetensors.h"
#include "formats/safetensors_internal.h"

namespace glassbox {

namespace {

// Non-throwing: an unreadable path counts as absent and is reported by the caller.
bool pathExists(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::exists(p, ec);
}
bool isDirectory(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p, ec);
}

constexpr std::size_t kMaxIndexBytes = std::size_t{64} << 20;

// Shard names come from the index file and must stay inside the folder.
void checkShardName(const std::string& indexPath, const std::string& tensor, const std::string& shard) {
  const std::filesystem::path p(shard);
  bool bad = shard.empty() || p.is_absolute() || p.has_root_path() || shard.find('\0') != std::string::npos ||
             shard.find('\\') != std::string::npos;
  for (const auto& part : p)
    if (part == "..") bad = true;
  if (bad)
    failFile(indexPath, "tensor \"" + tensor + "\" maps to shard \"" + shard +
                            "\", which is not a plain file name inside the model folder; refusing to open it");
}

std::unique_ptr<TensorSource> openSharded(const std::filesystem::path& dir, const std::string& indexPath) {
  const Json index = parseJson(readTextFile(indexPath, kMaxIndexBytes), indexPath, 64);
  if (!index.is_object()) failFile(indexPath, "expected a JSON object at the top level");
  auto wm = index.find("weight_map");
  if (wm == index.end() || !wm->is_object() || wm->empty())
    failFile(indexPath, "\"weight_map\" is missing, empty or not an object of tensor name -> shard file");
  std::set<std::string> shards;
  for (const auto& [tensor, shard] : wm->items()) {
    if (!shard.is_string()) failFile(indexPath, "weight_map entry \"" + tensor + "\" is not a file name");
    checkShardName(indexPath, tensor, shard.get<std::string>());
    shards.insert(shard.get<std::string>());
  }
  auto source = std::make_unique<TensorSource>();
  source->description = dir.string();
  for (const std::string& shard : shards) addSafetensorsFile(*source, MappedFile::open((dir / shard).string()));
  for (const auto& [tensor, shard] : wm->items()) {
    const std::string shardPath = (dir / shard.get<std::string>()).string();
    const TensorRef* t = source->find(tensor);
    if (t == nullptr || t->file->path() != shardPath)
      failFile(shardPath, "tensor \"" + tensor + "\" is listed in " + indexPath +
                              " for this shard but the shard does not contain it");
  }
  return source;
}

}  // namespace

std::unique_ptr<TensorSource> openSafetensorsFolder(const std::string& folder) {
  const std::filesystem::path dir(folder);
  if (!isDirectory(dir)) failFile(folder, "is not a folder");
  const std::filesystem::path single = dir / "model.safetensors";
  if (pathExists(single)) return openSafetensors(single.string());
  const std::filesystem::path index = dir / "model.safetensors.index.json";
  if (pathExists(index)) return openSharded(dir, index.string());
  failFile(folder, "has neither model.safetensors nor model.safetensors.index.json; hint: weights in "
                   "pytorch_model.bin must be converted to safetensors first");
}

}  // namespace glassbox
