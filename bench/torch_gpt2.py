#!/usr/bin/python3
"""PyTorch reference for glassbox-bench: the CPU forward of the same GPT-2 safetensors folder the benchmark
wrote, timed the way bench_engine.cpp times the engine.

    torch_gpt2.py MODEL_DIR --threads 1,2 [--prompt 16] [--decode 32] [--prefill 128] [--rounds 3]

Prints one JSON object: {"torch_version": ..., "threads": {"1": {"decode_tok_s": ..., "prefill_tok_s": ...}}}.
decode: `--decode` tokens fed one at a time (fixed ids, as bench_engine.cpp) with a KV cache after a
`--prompt`-token prompt, best of `--rounds`; prefill: `--prefill` tokens from position 0, logits of the last
token only, best of `--rounds`. The safetensors file is read here (8-byte header length, JSON header,
torch.frombuffer), so nothing beyond torch is needed.
Shapes: T = tokens, C = channels, H = heads, D = head dim, V = vocabulary.

Each product uses the fastest of torch's CPU paths for its shape: addmm (torch's BLAS) for one row, oneDNN
(torch._C._nn.mkldnn_linear) for several rows when torch has it. Debian's python3-torch is built with
BLAS_INFO=generic, i.e. against whatever libblas.so.3 the system selects; "blas" in the output says which.
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    """name -> float32 tensor, from the safetensors layout (little-endian u64 header size, JSON, data)."""
    with open(path, "rb") as f:
        blob = bytearray(f.read())
    (header_len,) = struct.unpack_from("<Q", blob, 0)
    header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        count = (end - begin) // torch.tensor([], dtype=dtype).element_size()
        t = torch.frombuffer(blob, dtype=dtype, count=count, offset=base + begin)
        tensors[name] = t.reshape(info["shape"]).float()
    return tensors


def has_mkldnn():
    try:
        x = torch.ones(2, 3).to_mkldnn()
        torch._C._nn.mkldnn_linear(x, torch.ones(4, 3).to_mkldnn(), torch.ones(4).to_mkldnn())
        return True
    except (RuntimeError, AttributeError):
        return False


class Projection:
    """y = x W + b for a Conv1D weight W [in][out]: addmm for one row, oneDNN for several when available."""

    def __init__(self, weight, bias, mkldnn):
        self.w, self.b = weight, bias
        self.wm = weight.t().contiguous().to_mkldnn() if mkldnn else None  # [out][in]
        self.bm = bias.to_mkldnn() if mkldnn else None

    def __call__(self, x):
        if self.wm is None or x.shape[0] == 1:
            return torch.addmm(self.b, x, self.w)
        return torch._C._nn.mkldnn_linear(x.to_mkldnn(), self.wm, self.bm).to_dense()


class Gpt2:
    """GPT-2 (Conv1D [in][out] weights, tied LM head) with a preallocated KV cache."""

    def __init__(self, folder):
        with open(os.path.join(folder, "config.json")) as f:
            cfg = json.load(f)
        w = read_safetensors(os.path.join(folder, "model.safetensors"))
        pre = "transformer." if "transformer.wte.weight" in w else ""
        self.C, self.L, self.H = cfg["n_embd"], cfg["n_layer"], cfg["n_head"]
        self.P, self.eps = cfg["n_positions"], cfg.get("layer_norm_epsilon", 1e-5)
        self.D = self.C // self.H
        self.wte, self.wpe = w[pre + "wte.weight"], w[pre + "wpe.weight"]  # [V][C], [P][C]
        self.lnf = (w[pre + "ln_f.weight"], w[pre + "ln_f.bias"])
        self.mkldnn = has_mkldnn()
        self.layers = []
        for l in range(self.L):
            h = pre + "h.%d." % l
            p = {k: w[h + k] for k in ("ln_1.weight", "ln_1.bias", "ln_2.weight", "ln_2.bias")}
            for k in ("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"):
                p[k] = Projection(w[h + k + ".weight"], w[h + k + ".bias"], self.mkldnn)
            self.layers.append(p)
        self.keys = torch.zeros(self.L, self.H, self.P, self.D)  # [L][H][P][D]
        self.values = torch.zeros(self.L, self.H, self.P, self.D)

    def forward(self, ids, pos0):
        """ids [T] at positions pos0..; returns the logits of the last token [V]."""
        T, C, H, D = len(ids), self.C, self.H, self.D
        S = pos0 + T
        x = self.wte[ids] + self.wpe[pos0:S]  # [T][C]
        mask = None
        if T > 1:  # query i (position pos0 + i) sees keys 0..pos0 + i
            mask = torch.ones(T, S, dtype=torch.bool).tril(diagonal=pos0).logical_not()
        for l, p in enumerate(self.layers):
            h = F.layer_norm(x, (C,), p["ln_1.weight"], p["ln_1.bias"], self.eps)
            qkv = p["attn.c_attn"](h)  # [T][3C]
            q, k, v = (t.reshape(T, H, D).transpose(0, 1) for t in qkv.split(C, dim=1))  # [H][T][D]
            self.keys[l, :, pos0:S] = k
            self.values[l, :, pos0:S] = v
            scores = q @ self.keys[l, :, :S].transpose(1, 2) / math.sqrt(D)  # [H][T][S]
            if mask is not None:
                scores = scores.masked_fill(mask, float("-inf"))
            att = (scores.softmax(dim=-1) @ self.values[l, :, :S]).transpose(0, 1).reshape(T, C)
            x = x + p["attn.c_proj"](att)
            h = F.layer_norm(x, (C,), p["ln_2.weight"], p["ln_2.bias"], self.eps)
            h = F.gelu(p["mlp.c_fc"](h), approximate="tanh")
            x = x + p["mlp.c_proj"](h)
        last = F.layer_norm(x[-1:], (C,), self.lnf[0], self.lnf[1], self.eps)
        return F.linear(last, self.wte)[0]


def prompt_of(n, vocab):
    return torch.tensor([(i * 7919 + 13) % vocab for i in range(n)], dtype=torch.long)


def time_decode(model, prompt, tokens, rounds):
    vocab = model.wte.shape[0]
    best = 0.0
    for _ in range(rounds):
        model.forward(prompt, 0)
        t0 = time.perf_counter()
        for i in range(tokens):
            model.forward(torch.tensor([(i * 31 + 5) % vocab]), len(prompt) + i)
        best = max(best, tokens / (time.perf_counter() - t0))
    return best


def time_prefill(model, prompt, rounds):
    best = 1e30
    for _ in range(rounds):
        t0 = time.perf_counter()
        model.forward(prompt, 0)
        best = min(best, time.perf_counter() - t0)
    return len(prompt) / best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--prompt", type=int, default=16)
    ap.add_argument("--decode", type=int, default=32)
    ap.add_argument("--prefill", type=int, default=128)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    model = Gpt2(args.model)
    vocab = model.wte.shape[0]
    blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    out = {"torch_version": torch.__version__, "oneDNN": model.mkldnn,
           "blas": os.path.basename(os.path.dirname(blas)), "threads": {}}
    with torch.inference_mode():
        for threads in [int(t) for t in args.threads.split(",")]:
            torch.set_num_threads(threads)
            model.forward(prompt_of(4, vocab), 0)  # warm up
            out["threads"][str(threads)] = {
                "decode_tok_s": time_decode(model, prompt_of(args.prompt, vocab), args.decode, args.rounds),
                "prefill_tok_s": time_prefill(model, prompt_of(args.prefill, vocab), args.rounds),
            }
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
