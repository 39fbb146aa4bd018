// libFuzzer target: a llama2.c checkpoint (7 x int32 header, then float32 weights). Every tensor view
// the reader accepts must lie inside the file.
#include <cstdint>
#include <cstdlib>

#include "core/error.h"
#include "formats/llama2c_checkpoint.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = glassbox::fuzz::scratchPath(".bin");
  if (!glassbox::fuzz::writeInput(path, data, size)) return 0;
  try {
    const glassbox::Llama2cCheckpoint ckpt = glassbox::openLlama2cCheckpoint(path);
    unsigned sum = 0;
    for (const auto& [name, ref] : ckpt.tensors->tensors()) {
      if (ref.byteSize == 0) continue;
      sum += ref.data[0] + ref.data[ref.byteSize - 1];
    }
    if (sum == 0xFFFFFFFFu) std::abort();
  } catch (const glassbox::Error&) {
  }
  return 0;
}
