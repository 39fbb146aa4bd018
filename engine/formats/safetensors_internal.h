#pragma once
// Shared between the safetensors reader and the folder/shard reader; not part of the public API.
#include <cstdint>
#include <memory>

#include "core/mapped_file.h"
#include "formats/tensor_source.h"

namespace glassbox {

// The 8-byte little-endian header length, checked against the file size and the 100 MB limit.
std::uint64_t readSafetensorsHeaderLength(const MappedFile& file);

// Validates one safetensors file and adds all its tensors to source (Error on a duplicate name).
void addSafetensorsFile(TensorSource& source, const std::shared_ptr<const MappedFile>& file);

}  // namespace glassbox
