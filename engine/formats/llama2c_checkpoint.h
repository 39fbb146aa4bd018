#pragma once
// llama2.c checkpoints (the TinyStories "tinyllamas" format): a header of 7 int32
// (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len; vocab_size < 0 means an
// untied classifier follows), then float32 weights:
//   token_embedding [V][C], rms_att [L][C], wq [L][C][H*D], wk [L][C][K*D], wv [L][C][K*D],
//   wo [L][H*D][C], rms_ffn [L][C], w1 [L][F][C], w2 [L][C][F], w3 [L][F][C], rms_final [C],
//   freq_cis_real [P][D/2], freq_cis_imag [P][D/2] (skipped), wcls [V][C] when untied.
// (Each of wq..w3 is stored as PyTorch nn.Linear weights, i.e. [out][in].)
#include <memory>
#include <string>

#include "formats/model_config.h"
#include "formats/tensor_source.h"

namespace glassbox {

struct Llama2cCheckpoint {
  ModelConfig config;                    // dimensions; architecture "llama", ropeStyle Interleaved, normEps 1e-5
  std::unique_ptr<TensorSource> tensors;  // exposed under Hugging Face Llama names (see below)
};

// Validates the header (positive, sane, divisible dims) and that the file holds exactly the weights it
// implies before touching them. Tensors are named as in a Hugging Face Llama checkpoint
// ("model.embed_tokens.weight", "model.layers.{l}.self_attn.q_proj.weight" [H*D][C], ...,
// "model.norm.weight", "lm_head.weight" when untied), each a view of one layer's slice of the file,
// so one Llama implementation runs both formats. q/k keep llama2.c's interleaved order:
// config.ropeStyle says so.
Llama2cCheckpoint openLlama2cCheckpoint(const std::string& path);

}  // namespace glassbox
