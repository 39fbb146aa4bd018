#!/usr/bin/env python3
"""Independent NumPy forward pass of GPT-2 and Llama models, the reference for tests/models.

Reads a Hugging Face folder (config.json + model.safetensors) or a llama2.c checkpoint (.bin) on its
own (no engine code), runs the token ids through the whole model in float64 and writes JSON:
  {"logits": [T][V], "attention": [L][H][T][T] (post-softmax, zeros above the diagonal and outside a
   sliding window), "mlp": [L][T][F] (the input of each MLP's down projection), "gate": [L][T][F] and
   "up": [L][T][F] (Llama: silu(gate x) and up x, whose product is "mlp"), "after_attention": [L][T][C]
   (the residual stream between each layer's attention and its MLP)}
Llama family: rope_scaling linear / llama3 / dynamic and the Mistral / Qwen2 sliding windows follow
transformers' formulas; all tokens run as one prefill, so dynamic scaling uses seq_len = T.

Usage: numpy_forward.py --model PATH --tokens 1,2,3 --out result.json
"""
import argparse
import json
import os
import struct
import sys

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = data[begin:end]
        dtype = info["dtype"]
        if dtype == "F32":
            arr = np.frombuffer(raw, dtype="<f4").astype(np.float64)
        elif dtype == "F16":
            arr = np.frombuffer(raw, dtype="<f2").astype(np.float64)
        elif dtype == "BF16":
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            arr = bits.view(np.float32).astype(np.float64)
        else:
            raise ValueError(f"unsupported dtype {dtype} for {name}")
        tensors[name] = arr.reshape(info["shape"])
    return tensors


def read_hf_folder(folder):
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    tensors = read_safetensors(os.path.join(folder, "model.safetensors"))
    model_type = cfg.get("model_type", "")
    if model_type == "gpt2":
        return "gpt2", cfg, tensors
    return "llama", cfg, tensors


def read_llama2c(path):
    """llama2.c: 7 int32 header then float32 arrays in Meta layout (interleaved rotary pairs)."""
    with open(path, "rb") as f:
        blob = f.read()
    dim, hidden, layers, heads, kv_heads, vocab, seq = struct.unpack("<7i", blob[:28])
    shared = vocab > 0
    vocab = abs(vocab)
    values = np.frombuffer(blob[28:], dtype="<f4").astype(np.float64)
    head_dim = dim // heads
    pos = 0

    def take(*shape):
        nonlocal pos
        count = int(np.prod(shape))
        arr = values[pos:pos + count].reshape(shape)
        pos += count
        return arr

    w = {"embed": take(vocab, dim), "rms_att": take(layers, dim), "wq": take(layers, heads * head_dim, dim),
         "wk": take(layers, kv_heads * head_dim, dim), "wv": take(layers, kv_heads * head_dim, dim),
         "wo": take(layers, dim, heads * head_dim), "rms_ffn": take(layers, dim), "w1": take(layers, hidden, dim),
         "w2": take(layers, dim, hidden), "w3": take(layers, hidden, dim), "rms_final": take(dim)}
    take(seq, head_dim // 2)
    take(seq, head_dim // 2)
    w["wcls"] = w["embed"] if shared else take(vocab, dim)
    cfg = {"hidden_size": dim, "num_hidden_layers": layers, "num_attention_heads": heads,
           "num_key_value_heads": kv_heads, "rms_norm_eps": 1e-5, "rope_theta": 10000.0}
    tensors = {"model.embed_tokens.weight": w["embed"], "model.norm.weight": w["rms_final"],
               "lm_head.weight": w["wcls"]}
    for l in range(layers):
        p = f"model.layers.{l}."
        tensors[p + "input_layernorm.weight"] = w["rms_att"][l]
        tensors[p + "self_attn.q_proj.weight"] = w["wq"][l]
        tensors[p + "self_attn.k_proj.weight"] = w["wk"][l]
        tensors[p + "self_attn.v_proj.weight"] = w["wv"][l]
        tensors[p + "self_attn.o_proj.weight"] = w["wo"][l]
        tensors[p + "post_attention_layernorm.weight"] = w["rms_ffn"][l]
        tensors[p + "mlp.gate_proj.weight"] = w["w1"][l]
        tensors[p + "mlp.down_proj.weight"] = w["w2"][l]
        tensors[p + "mlp.up_proj.weight"] = w["w3"][l]
    cfg["tie_word_embeddings"] = False
    return cfg, tensors


def softmax_causal(scores, window=None):
    """Causal softmax; with a window W, query q also drops keys k <= q - W (transformers' Mistral mask)."""
    t = scores.shape[-1]
    q_idx, k_idx = np.meshgrid(np.arange(t), np.arange(t), indexing="ij")
    mask = k_idx > q_idx
    if window:
        mask |= k_idx <= q_idx - window
    scores = np.where(mask, -np.inf, scores)
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=-1, keepdims=True)


def layer_norm(x, w, b, eps):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def gpt2_forward(cfg, w, ids):
    pre = "transformer." if "transformer.wte.weight" in w else ""
    C, H, L = cfg["n_embd"], cfg["n_head"], cfg["n_layer"]
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    D = C // H
    T = len(ids)
    x = w[pre + "wte.weight"][ids] + w[pre + "wpe.weight"][:T]
    attn_all, mlp_all, mid_all = [], [], []
    for l in range(L):
        p = f"{pre}h.{l}."
        h = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = h @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = np.split(qkv, 3, axis=-1)
        q = q.reshape(T, H, D).transpose(1, 0, 2)
        k = k.reshape(T, H, D).transpose(1, 0, 2)
        v = v.reshape(T, H, D).transpose(1, 0, 2)
        att = softmax_causal(q @ k.transpose(0, 2, 1) / np.sqrt(D))
        attn_all.append(att)
        y = (att @ v).transpose(1, 0, 2).reshape(T, C)
        x = x + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        mid_all.append(x)
        h = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        h = h @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"]
        h = 0.5 * h * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (h + 0.044715 * h ** 3)))
        mlp_all.append(h)
        x = x + h @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    x = layer_norm(x, w[pre + "ln_f.weight"], w[pre + "ln_f.bias"], eps)
    return x @ w[pre + "wte.weight"].T, attn_all, {"mlp": mlp_all, "after_attention": mid_all}


def rope_settings(cfg):
    """(theta, scaling dict) from rope_theta / rope_scaling (transformers 4) or rope_parameters (5)."""
    theta = cfg.get("rope_theta", 10000.0)
    scaling = cfg.get("rope_scaling") or {}
    params = cfg.get("rope_parameters") or {}
    if params:
        theta = params.get("rope_theta", theta)
        scaling = params
    return theta, scaling


def rope_inv_freq(cfg, D, seq_len):
    """Inverse frequencies [D/2] following transformers' modeling_rope_utils formulas for the rope type."""
    theta, scaling = rope_settings(cfg)
    kind = scaling.get("rope_type", scaling.get("type", "default"))
    exponents = np.arange(0, D, 2, dtype=np.float64) / D
    inv = 1.0 / theta ** exponents
    if kind == "default":
        return inv
    factor = float(scaling["factor"])
    if kind == "linear":
        return inv / factor
    if kind == "dynamic":
        P = cfg["max_position_embeddings"]
        L = seq_len if seq_len > P else P
        grown = theta * ((factor * L / P) - (factor - 1)) ** (D / (D - 2))
        return 1.0 / grown ** exponents
    if kind == "llama3":
        low, high = float(scaling["low_freq_factor"]), float(scaling["high_freq_factor"])
        old_len = scaling["original_max_position_embeddings"]
        wavelen = 2 * np.pi / inv
        scaled = np.where(wavelen > old_len / low, inv / factor, inv)
        smooth = (old_len / wavelen - low) / (high - low)
        blended = (1 - smooth) * scaled / factor + smooth * scaled
        medium = (wavelen >= old_len / high) & (wavelen <= old_len / low)
        return np.where(medium, blended, scaled)
    raise ValueError(f"rope type {kind} not implemented in the reference")


def sliding_windows(cfg, L):
    """Per layer: the sliding window W, or None for full causal attention."""
    model_type = cfg.get("model_type", "")
    if model_type == "mistral":
        window = cfg.get("sliding_window", 4096)
        kinds = cfg.get("layer_types") or ["sliding_attention"] * L
    elif model_type == "qwen2" and cfg.get("use_sliding_window", False):
        window = cfg.get("sliding_window", 4096)
        first = cfg.get("max_window_layers", 28)
        kinds = cfg.get("layer_types") or ["sliding_attention" if i >= first else "full_attention" for i in range(L)]
    else:
        return [None] * L
    return [window if kind == "sliding_attention" else None for kind in kinds]


def rope(x, inv, interleaved):
    """x [heads][T][D]; rotates pairs i by position * inv[i]."""
    _, T, D = x.shape
    ang = np.arange(T, dtype=np.float64)[:, None] * inv[None, :]  # [T][D/2]
    cos, sin = np.cos(ang), np.sin(ang)
    if interleaved:
        a, b = x[..., 0::2], x[..., 1::2]
        out = np.empty_like(x)
        out[..., 0::2] = a * cos - b * sin
        out[..., 1::2] = a * sin + b * cos
        return out
    a, b = x[..., :D // 2], x[..., D // 2:]
    return np.concatenate([a * cos - b * sin, a * sin + b * cos], axis=-1)


def llama_forward(cfg, w, ids, interleaved):
    C, H, L = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"]
    K = cfg.get("num_key_value_heads", H)
    D = cfg.get("head_dim", C // H)
    eps = cfg.get("rms_norm_eps", 1e-6)
    T = len(ids)
    inv = rope_inv_freq(cfg, D, T)
    windows = sliding_windows(cfg, L)

    def rms(x, g):
        return x / np.sqrt((x ** 2).mean(axis=-1, keepdims=True) + eps) * g

    def proj(x, name):
        y = x @ w[name + ".weight"].T
        return y + w[name + ".bias"] if name + ".bias" in w else y

    x = w["model.embed_tokens.weight"][ids]
    attn_all, parts = [], {"mlp": [], "gate": [], "up": [], "after_attention": []}
    for l in range(L):
        p = f"model.layers.{l}."
        h = rms(x, w[p + "input_layernorm.weight"])
        q = proj(h, p + "self_attn.q_proj").reshape(T, H, D).transpose(1, 0, 2)
        k = proj(h, p + "self_attn.k_proj").reshape(T, K, D).transpose(1, 0, 2)
        v = proj(h, p + "self_attn.v_proj").reshape(T, K, D).transpose(1, 0, 2)
        q, k = rope(q, inv, interleaved), rope(k, inv, interleaved)
        k, v = np.repeat(k, H // K, axis=0), np.repeat(v, H // K, axis=0)
        att = softmax_causal(q @ k.transpose(0, 2, 1) / np.sqrt(D), windows[l])
        attn_all.append(att)
        y = (att @ v).transpose(1, 0, 2).reshape(T, H * D)
        x = x + proj(y, p + "self_attn.o_proj")
        parts["after_attention"].append(x)
        h = rms(x, w[p + "post_attention_layernorm.weight"])
        g = proj(h, p + "mlp.gate_proj")
        u = proj(h, p + "mlp.up_proj")
        act = g / (1.0 + np.exp(-g))
        parts["gate"].append(act)
        parts["up"].append(u)
        parts["mlp"].append(act * u)
        x = x + proj(act * u, p + "mlp.down_proj")
    x = rms(x, w["model.norm.weight"])
    tied = cfg.get("tie_word_embeddings", False) or "lm_head.weight" not in w
    head = w["model.embed_tokens.weight"] if tied else w["lm_head.weight"]
    return x @ head.T, attn_all, parts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    ids = [int(t) for t in args.tokens.split(",")]
    if os.path.isdir(args.model):
        arch, cfg, w = read_hf_folder(args.model)
        if arch == "gpt2":
            logits, attn, parts = gpt2_forward(cfg, w, ids)
        else:
            logits, attn, parts = llama_forward(cfg, w, ids, interleaved=False)
    else:
        cfg, w = read_llama2c(args.model)
        logits, attn, parts = llama_forward(cfg, w, ids, interleaved=True)
    out = {"logits": logits.tolist(), "attention": [a.tolist() for a in attn]}
    for name, layers in parts.items():
        out[name] = [a.tolist() for a in layers]
    with open(args.out, "w") as f:
        json.dump(out, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
