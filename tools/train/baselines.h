#pragma once
// Reference points for the decoder's held-out bits per byte: a character-level (byte) n-gram model with
// Witten-Bell interpolation trained on the same training split, and any GPT-2 folder (glassbox-kjv)
// measured on the same held-out text.
#include <string>
#include <vector>

namespace glassbox {

// Bits per byte of heldOut under a byte n-gram of the given order (context of `order` bytes),
// Witten-Bell interpolated down to a uniform distribution over 256 bytes. Documents are joined as they
// are (each ends in '\n'). order <= 7.
double byteNgramBitsPerByte(const std::vector<std::string>& train, const std::vector<std::string>& heldOut, int order);

// Bits per byte of heldOut under the GPT-2 model in `folder` (config.json, model.safetensors,
// tokenizer.json), with the trainer's forward pass: each document is preceded by the model's bos/eos
// token and predicted in windows of the model's context, as the decoder's own measurement does.
double gpt2FolderBitsPerByte(const std::string& folder, const std::vector<std::string>& heldOut);

}  // namespace glassbox
