#!/usr/bin/env python3
"""Independent NumPy forward pass of encoder-only models (BERT, RoBERTa / XLM-RoBERTa, DistilBERT),
the reference for tests/models/test_encoder_reference.cpp.

Written from the models' definitions (Devlin et al. 2018; Liu et al. 2019; Sanh et al. 2019) and the
tensor names of Hugging Face checkpoints; it reads config.json and model.safetensors on its own and
computes in float64:
  embeddings  x = LN(word[id] + pos[p] + type[t])   (DistilBERT: no token types)
  block       a = LN(x + Attn(x)),  x = LN(a + W2 act(W1 a + b1) + b2)   (post-LayerNorm)
  Attn        softmax(q k^T / sqrt(D) + mask) v per head; padded keys get -inf
RoBERTa positions (transformers' create_position_ids_from_input_ids): padding_idx + (count of
non-padding ids so far) for ids other than padding_idx, padding_idx for padding ids. Writes JSON {"hidden": [T][C], "attention": [L][H][T][T], "mlm_logits": [T][V] (MLM
checkpoints), "pooled": [C] (BERT pooler), "sequence_logits": [N], "token_logits": [T][N],
"mean": [C], "cls": [C], "max": [C] (over real tokens)}.

Usage: numpy_encoder.py --model DIR --tokens 1,2,3 [--types 0,0,1] [--mask 1,1,0] --out result.json
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
    body = blob[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError("reference reads F32 only: " + name)
        b, e = info["data_offsets"]
        out[name] = np.frombuffer(body[b:e], dtype="<f4").astype(np.float64).reshape(info["shape"])
    return out


def layer_norm(x, w, b, eps):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


ACT = {"gelu": gelu, "relu": lambda x: np.maximum(x, 0.0), "gelu_new": None}


def dense(x, W, b):
    return x @ W.T + b


def softmax(s):
    s = s - s.max(axis=-1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=-1, keepdims=True)


def attention(x, Wq, bq, Wk, bk, Wv, bv, Wo, bo, heads, mask):
    T, C = x.shape
    D = C // heads
    q = dense(x, Wq, bq).reshape(T, heads, D).transpose(1, 0, 2)
    k = dense(x, Wk, bk).reshape(T, heads, D).transpose(1, 0, 2)
    v = dense(x, Wv, bv).reshape(T, heads, D).transpose(1, 0, 2)
    s = q @ k.transpose(0, 2, 1) / math.sqrt(D)
    s = np.where(mask[None, None, :] > 0, s, -np.inf)
    p = softmax(s)
    o = (p @ v).transpose(1, 0, 2).reshape(T, C)
    return dense(o, Wo, bo), p


class Names:
    """Tensor names of one family: a function of the layer index and the part."""

    def __init__(self, model_type, t):
        self.kind = "distilbert" if model_type == "distilbert" else (
            "roberta" if model_type in ("roberta", "xlm-roberta") else "bert")
        base = {"bert": "bert.", "roberta": "roberta.", "distilbert": "distilbert."}[self.kind]
        self.base = base if any(n.startswith(base) for n in t) else ""


def encoder_bert(cfg, t, nm, ids, types, mask):
    p = nm.base
    eps = cfg.get("layer_norm_eps", 1e-12)
    act = ACT[cfg.get("hidden_act", "gelu")]
    T = len(ids)
    if nm.kind == "roberta":
        # create_position_ids_from_input_ids: from the ids, not the attention mask
        pad = cfg.get("pad_token_id", 1)
        real = (ids != pad).astype(np.int64)
        pos = np.where(real > 0, np.cumsum(real) + pad, pad)
    else:
        pos = np.arange(T)
    x = t[p + "embeddings.word_embeddings.weight"][ids] + t[p + "embeddings.position_embeddings.weight"][pos]
    x = x + t[p + "embeddings.token_type_embeddings.weight"][types]
    x = layer_norm(x, t[p + "embeddings.LayerNorm.weight"], t[p + "embeddings.LayerNorm.bias"], eps)
    maps = []
    for l in range(cfg["num_hidden_layers"]):
        h = p + "encoder.layer.%d." % l
        g = lambda s: t[h + s]
        a, probs = attention(x, g("attention.self.query.weight"), g("attention.self.query.bias"),
                             g("attention.self.key.weight"), g("attention.self.key.bias"),
                             g("attention.self.value.weight"), g("attention.self.value.bias"),
                             g("attention.output.dense.weight"), g("attention.output.dense.bias"),
                             cfg["num_attention_heads"], mask)
        maps.append(probs)
        x = layer_norm(x + a, g("attention.output.LayerNorm.weight"), g("attention.output.LayerNorm.bias"), eps)
        f = dense(act(dense(x, g("intermediate.dense.weight"), g("intermediate.dense.bias"))),
                  g("output.dense.weight"), g("output.dense.bias"))
        x = layer_norm(x + f, g("output.LayerNorm.weight"), g("output.LayerNorm.bias"), eps)
    return x, maps, eps, act


def encoder_distilbert(cfg, t, nm, ids, mask):
    p = nm.base
    eps = 1e-12
    act = ACT[cfg.get("activation", "gelu")]
    T = len(ids)
    x = t[p + "embeddings.word_embeddings.weight"][ids] + t[p + "embeddings.position_embeddings.weight"][np.arange(T)]
    x = layer_norm(x, t[p + "embeddings.LayerNorm.weight"], t[p + "embeddings.LayerNorm.bias"], eps)
    maps = []
    for l in range(cfg["n_layers"]):
        h = p + "transformer.layer.%d." % l
        g = lambda s: t[h + s]
        a, probs = attention(x, g("attention.q_lin.weight"), g("attention.q_lin.bias"),
                             g("attention.k_lin.weight"), g("attention.k_lin.bias"),
                             g("attention.v_lin.weight"), g("attention.v_lin.bias"),
                             g("attention.out_lin.weight"), g("attention.out_lin.bias"), cfg["n_heads"], mask)
        maps.append(probs)
        x = layer_norm(x + a, g("sa_layer_norm.weight"), g("sa_layer_norm.bias"), eps)
        f = dense(act(dense(x, g("ffn.lin1.weight"), g("ffn.lin1.bias"))), g("ffn.lin2.weight"), g("ffn.lin2.bias"))
        x = layer_norm(x + f, g("output_layer_norm.weight"), g("output_layer_norm.bias"), eps)
    return x, maps, eps, act


def heads(cfg, t, nm, x, eps, act, out):
    arch = (cfg.get("architectures") or [""])[0]
    p = nm.base
    if nm.kind == "bert":
        if p + "pooler.dense.weight" in t:
            out["pooled"] = np.tanh(dense(x[0], t[p + "pooler.dense.weight"], t[p + "pooler.dense.bias"])).tolist()
        if arch.endswith("ForMaskedLM"):
            z = layer_norm(act(dense(x, t["cls.predictions.transform.dense.weight"], t["cls.predictions.transform.dense.bias"])),
                           t["cls.predictions.transform.LayerNorm.weight"], t["cls.predictions.transform.LayerNorm.bias"], eps)
            dec = t.get("cls.predictions.decoder.weight", t[p + "embeddings.word_embeddings.weight"])
            out["mlm_logits"] = (z @ dec.T + t["cls.predictions.bias"]).tolist()
        if arch.endswith("ForSequenceClassification"):
            pooled = np.tanh(dense(x[0], t[p + "pooler.dense.weight"], t[p + "pooler.dense.bias"]))
            out["sequence_logits"] = dense(pooled, t["classifier.weight"], t["classifier.bias"]).tolist()
    elif nm.kind == "roberta":
        if arch.endswith("ForMaskedLM"):
            z = layer_norm(gelu(dense(x, t["lm_head.dense.weight"], t["lm_head.dense.bias"])),
                           t["lm_head.layer_norm.weight"], t["lm_head.layer_norm.bias"], eps)
            dec = t.get("lm_head.decoder.weight", t[p + "embeddings.word_embeddings.weight"])
            out["mlm_logits"] = (z @ dec.T + t["lm_head.bias"]).tolist()
        if arch.endswith("ForSequenceClassification"):
            hdn = np.tanh(dense(x[0], t["classifier.dense.weight"], t["classifier.dense.bias"]))
            out["sequence_logits"] = dense(hdn, t["classifier.out_proj.weight"], t["classifier.out_proj.bias"]).tolist()
    else:
        if arch.endswith("ForMaskedLM"):
            z = layer_norm(act(dense(x, t["vocab_transform.weight"], t["vocab_transform.bias"])),
                           t["vocab_layer_norm.weight"], t["vocab_layer_norm.bias"], eps)
            dec = t.get("vocab_projector.weight", t[p + "embeddings.word_embeddings.weight"])
            out["mlm_logits"] = (z @ dec.T + t["vocab_projector.bias"]).tolist()
        if arch.endswith("ForSequenceClassification"):
            hdn = np.maximum(dense(x[0], t["pre_classifier.weight"], t["pre_classifier.bias"]), 0.0)
            out["sequence_logits"] = dense(hdn, t["classifier.weight"], t["classifier.bias"]).tolist()
    if arch.endswith("ForTokenClassification"):
        out["token_logits"] = dense(x, t["classifier.weight"], t["classifier.bias"]).tolist()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--types", default="")
    ap.add_argument("--mask", default="")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    with open(os.path.join(a.model, "config.json")) as f:
        cfg = json.load(f)
    t = read_safetensors(os.path.join(a.model, "model.safetensors"))
    ids = np.array([int(v) for v in a.tokens.split(",")])
    types = np.array([int(v) for v in a.types.split(",")]) if a.types else np.zeros_like(ids)
    mask = np.array([int(v) for v in a.mask.split(",")]) if a.mask else np.ones_like(ids)
    nm = Names(cfg.get("model_type", ""), t)
    if nm.kind == "distilbert":
        x, maps, eps, act = encoder_distilbert(cfg, t, nm, ids, mask)
    else:
        x, maps, eps, act = encoder_bert(cfg, t, nm, ids, types, mask)
    real = x[mask > 0]
    out = {"hidden": x.tolist(), "attention": [m.tolist() for m in maps], "mean": real.mean(axis=0).tolist(),
           "cls": x[0].tolist(), "max": real.max(axis=0).tolist()}
    heads(cfg, t, nm, x, eps, act, out)
    with open(a.out, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
