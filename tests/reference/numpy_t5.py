#!/usr/bin/env python3
"""Independent NumPy forward pass of T5 (t5 v1.0, v1.1 / flan-t5, mT5), the reference for tests/models.

Written from the T5 paper and transformers' modeling_t5.py semantics, sharing no code with the engine:
  * T5LayerNorm: x / sqrt(mean(x^2) + eps) * w (no mean subtracted, no bias);
  * attention: softmax(q k^T + position_bias + mask) v, no 1/sqrt(d) scale;
  * position_bias[h, q, k] = W[bucket(k - q)][h], W stored in block 0 of each stack; buckets split by
    sign in the encoder (bidirectional), only past distances in the decoder; cross-attention has none;
  * FFN: relu -> wo(relu(wi x)); gated-gelu -> wo(gelu_new(wi_0 x) * wi_1 x);
  * head: lm_head(h), or with tie_word_embeddings shared(h * d_model^-0.5).
Runs in float64 (the bucket logarithm in float32, as torch computes it) and writes JSON:
  {"encoder_hidden": [Te][C], "logits": [Td][V] (decoder logits of the forced decoder ids),
   "encoder_attention": [L][H][Te][Te], "decoder_attention": [Ld][H][Td][Td],
   "cross_attention": [Ld][H][Td][Te], "greedy": [N] (with --greedy N: argmax tokens after
   decoder_start_token_id, stopping after EOS), "greedy_margin": smallest top-1 minus top-2 logit}

Usage: numpy_t5.py --model FOLDER --encoder 1,2,3 [--decoder 0,5,6] [--greedy 24] --out result.json
"""
import argparse
import json
import math
import os
import struct

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        if info["dtype"] == "F32":
            arr = np.frombuffer(data[begin:end], dtype="<f4").astype(np.float64)
        elif info["dtype"] == "F16":
            arr = np.frombuffer(data[begin:end], dtype="<f2").astype(np.float64)
        else:
            raise ValueError(f"unsupported dtype {info['dtype']} for {name}")
        out[name] = arr.reshape(info["shape"])
    return out


def bucket(relative, bidirectional, num_buckets, max_distance):
    """T5's relative-position bucket of key position - query position."""
    result = 0
    if bidirectional:
        num_buckets //= 2
        if relative > 0:
            result += num_buckets
        n = abs(relative)
    else:
        n = max(-relative, 0)
    max_exact = num_buckets // 2
    if n < max_exact:
        return result + n
    f32 = np.float32
    log_ratio = np.log(f32(n) / f32(max_exact)) / f32(math.log(max_distance / max_exact))
    large = max_exact + int(f32(log_ratio) * f32(num_buckets - max_exact))
    return result + min(large, num_buckets - 1)


class T5:
    def __init__(self, folder):
        with open(os.path.join(folder, "config.json")) as f:
            self.cfg = json.load(f)
        self.w = read_safetensors(os.path.join(folder, "model.safetensors"))
        c = self.cfg
        self.H = c.get("num_heads", 8)
        self.D = c.get("d_kv", 64)
        self.C = c.get("d_model", 512)
        self.L = c.get("num_layers", 6)
        self.Ld = c.get("num_decoder_layers", self.L)
        self.B = c.get("relative_attention_num_buckets", 32)
        self.maxd = c.get("relative_attention_max_distance", 128)
        self.eps = c.get("layer_norm_epsilon", 1e-6)
        self.gated = c.get("feed_forward_proj", "relu").startswith("gated-")
        self.tied = c.get("tie_word_embeddings", True)
        self.shared = self.w.get("shared.weight")
        if self.shared is None:
            self.shared = self.w["encoder.embed_tokens.weight"]

    def norm(self, x, name):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps) * self.w[name]

    def bias(self, stack, Tq, Tk, bidirectional, q0=0):
        W = self.w[f"{stack}.block.0.layer.0.SelfAttention.relative_attention_bias.weight"]  # [B][H]
        out = np.zeros((self.H, Tq, Tk))
        for q in range(Tq):
            for k in range(Tk):
                out[:, q, k] = W[bucket(k - (q + q0), bidirectional, self.B, self.maxd)]
        return out

    def attend(self, prefix, xq, xkv, bias, causal):
        H, D = self.H, self.D
        q = (xq @ self.w[prefix + ".q.weight"].T).reshape(len(xq), H, D).transpose(1, 0, 2)
        k = (xkv @ self.w[prefix + ".k.weight"].T).reshape(len(xkv), H, D).transpose(1, 0, 2)
        v = (xkv @ self.w[prefix + ".v.weight"].T).reshape(len(xkv), H, D).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) + bias  # [H][Tq][Tk]
        if causal:
            s = s + np.triu(np.full(s.shape[1:], -np.inf), 1)
        s = s - s.max(axis=-1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=-1, keepdims=True)
        o = (p @ v).transpose(1, 0, 2).reshape(len(xq), H * D)
        return o @ self.w[prefix + ".o.weight"].T, p

    def ffn(self, prefix, x):
        if self.gated:
            g = x @ self.w[prefix + ".wi_0.weight"].T
            g = 0.5 * g * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (g + 0.044715 * g ** 3)))
            h = g * (x @ self.w[prefix + ".wi_1.weight"].T)
        else:
            h = np.maximum(x @ self.w[prefix + ".wi.weight"].T, 0.0)
        return h @ self.w[prefix + ".wo.weight"].T

    def encode(self, ids):
        x = self.shared[ids]
        bias = self.bias("encoder", len(ids), len(ids), True)
        maps = []
        for l in range(self.L):
            b = f"encoder.block.{l}.layer."
            a, p = self.attend(b + "0.SelfAttention", self.norm(x, b + "0.layer_norm.weight"),
                               self.norm(x, b + "0.layer_norm.weight"), bias, False)
            x = x + a
            maps.append(p)
            x = x + self.ffn(b + "1.DenseReluDense", self.norm(x, b + "1.layer_norm.weight"))
        return self.norm(x, "encoder.final_layer_norm.weight"), maps

    def decode(self, ids, enc):
        x = self.shared[ids]
        bias = self.bias("decoder", len(ids), len(ids), False)
        self_maps, cross_maps = [], []
        for l in range(self.Ld):
            b = f"decoder.block.{l}.layer."
            h = self.norm(x, b + "0.layer_norm.weight")
            a, p = self.attend(b + "0.SelfAttention", h, h, bias, True)
            x = x + a
            self_maps.append(p)
            a, p = self.attend(b + "1.EncDecAttention", self.norm(x, b + "1.layer_norm.weight"), enc, 0.0, False)
            x = x + a
            cross_maps.append(p)
            x = x + self.ffn(b + "2.DenseReluDense", self.norm(x, b + "2.layer_norm.weight"))
        h = self.norm(x, "decoder.final_layer_norm.weight")
        if self.tied:
            logits = (h * self.C ** -0.5) @ self.shared.T
        else:
            logits = h @ self.w["lm_head.weight"].T
        return logits, self_maps, cross_maps


def ids_arg(text):
    return [int(t) for t in text.split(",") if t != ""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--encoder", required=True)
    ap.add_argument("--decoder", default="")
    ap.add_argument("--greedy", type=int, default=0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    m = T5(args.model)
    enc, enc_maps = m.encode(ids_arg(args.encoder))
    out = {"encoder_hidden": enc.tolist(), "encoder_attention": np.array(enc_maps).tolist()}
    dec_ids = ids_arg(args.decoder)
    if dec_ids:
        logits, self_maps, cross_maps = m.decode(dec_ids, enc)
        out["logits"] = logits.tolist()
        out["decoder_attention"] = np.array(self_maps).tolist()
        out["cross_attention"] = np.array(cross_maps).tolist()
    if args.greedy > 0:
        start = m.cfg.get("decoder_start_token_id", 0)
        eos = m.cfg.get("eos_token_id", 1)
        eos = set(eos if isinstance(eos, list) else [eos])
        seq, margin = [start], math.inf
        for _ in range(args.greedy):
            logits, _, _ = m.decode(seq, enc)
            row = logits[-1]
            top = np.argsort(row)[::-1]
            margin = min(margin, float(row[top[0]] - row[top[1]]))
            seq.append(int(top[0]))
            if seq[-1] in eos:
                break
        out["greedy"] = seq[1:]
        out["greedy_margin"] = margin
    with open(args.out, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
