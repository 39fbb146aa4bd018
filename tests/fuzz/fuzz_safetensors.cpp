// libFuzzer target: a .safetensors file (u64 header length, JSON header, tensor table, data section).
// Every tensor the reader accepts must lie inside the mapped file: its first and last bytes are read.
#include <cstdint>
#include <cstdlib>

#include "core/error.h"
#include "formats/safetensors.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = glassbox::fuzz::scratchPath(".safetensors");
  if (!glassbox::fuzz::writeInput(path, data, size)) return 0;
  try {
    auto source = glassbox::openSafetensors(path);
    unsigned sum = 0;
    for (const auto& [name, ref] : source->tensors()) {
      if (ref.byteSize == 0) continue;
      if (static_cast<std::uint64_t>(ref.elementCount()) * glassbox::dtypeSize(ref.dtype) != ref.byteSize) std::abort();
      sum += ref.data[0] + ref.data[ref.byteSize - 1];
    }
    (void)source->totalBytes();
    if (sum == 0xFFFFFFFFu) std::abort();  // keeps the reads alive
  } catch (const glassbox::Error&) {
  }
  return 0;
}
