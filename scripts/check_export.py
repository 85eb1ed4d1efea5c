#!/usr/bin/env python3
"""Checks `sparc export` and `sparc encode` output with NumPy and safetensors (ExportPythonCheckTest runs it).

Loads the exported model, recomputes encode -> selection -> decode in NumPy for the first rows of the
feature store, and compares with `sparc encode`'s codes: indices exactly (except where logits tie),
values within 1e-5. Checks that the .npz and the --official-names file hold the same model, and the
names, shapes and dtypes of both naming schemes against the tables of docs/EXPORT.md.

usage: check_export.py --safetensors F --npz F --official F --store DIR --codes DIR --docs docs/EXPORT.md [--rows 100]
Exit 0 when everything agrees; otherwise prints what differs and exits 1.
"""
import argparse
import json
import os
import re
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

TOL = 1e-5
DTYPES = {"float32": np.float32, "int64": np.int64}


def fail(msg):
    print("check_export: " + msg, file=sys.stderr)
    sys.exit(1)


def doc_table(doc, heading):
    """Rows (name pattern, shape symbols, dtype) of the first table under the heading that starts with `heading`."""
    lines = open(doc, encoding="utf-8").read().splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith("### " + heading)), None)
    if start is None:
        fail(f"{doc}: no heading '### {heading}'")
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        m = re.match(r"^\| `([^`]+)` \| \[([^\]]+)\] \| (\w+) \|$", line)
        if m:
            rows.append((m.group(1), [p.strip() for p in m.group(2).split(",")], m.group(3)))
    if not rows:
        fail(f"{doc}: no table of names under '{heading}'")
    return rows


def check_names(arrays, rows, streams, latents, what):
    """Every documented name for every stream is there with its shape and dtype, and nothing else."""
    expected = {}
    for pattern, shape, dtype in rows:
        for s, d in streams:
            dims = {"L": latents, "d": d}
            expected[pattern.replace("<s>", s)] = (tuple(dims[x] for x in shape), DTYPES[dtype])
    if set(arrays) != set(expected):
        fail(f"{what}: names {sorted(arrays)} differ from docs/EXPORT.md {sorted(expected)}")
    for name, (shape, dtype) in expected.items():
        a = arrays[name]
        if a.shape != shape or a.dtype != dtype:
            fail(f"{what}: {name} is {a.dtype} {a.shape}, docs/EXPORT.md says {np.dtype(dtype)} {shape}")


def load_store(store, rows):
    manifest = json.load(open(os.path.join(store, "manifest.json"), encoding="utf-8"))
    xs = {e["name"]: np.load(os.path.join(store, e["file"]), mmap_mode="r")[:rows].astype(np.float32)
          for e in manifest["streams"]}
    return xs


def encode(w, xs, streams, k, selection):
    """Codes (indices, values, logits) per stream, as docs/EXPORT.md shows."""
    logits = {}
    for s, _ in streams:
        x = xs[s] / (np.linalg.norm(xs[s].astype(np.float64), axis=1, keepdims=True) + 1e-8)
        logits[s] = (x - w[f"pre_bias.{s}"]) @ w[f"encoder.{s}"].T + w[f"latent_bias.{s}"]
    out = {}
    shared = None
    if selection == "global":
        shared = np.argsort(-sum(logits[s] for s, _ in streams), axis=1, kind="stable")[:, :k]
    for s, _ in streams:
        idx = shared if shared is not None else np.argsort(-logits[s], axis=1, kind="stable")[:, :k]
        val = np.maximum(np.take_along_axis(logits[s], idx, axis=1), 0)
        out[s] = (idx, val, logits[s])
    return out


def compare_codes(mine, codes_dir, streams, rows, selection, summed):
    for s, _ in streams:
        idx, val, logits = mine[s]
        got_idx = np.load(os.path.join(codes_dir, f"{s}.indices.npy"))[:rows]
        got_val = np.load(os.path.join(codes_dir, f"{s}.values.npy"))[:rows]
        if got_idx.dtype != np.int32 or got_val.dtype != np.float32:
            fail(f"codes of {s}: dtypes {got_idx.dtype}/{got_val.dtype}, expected int32/float32")
        ranked = summed if selection == "global" else logits
        for r in range(rows):
            if np.array_equal(idx[r], got_idx[r]):
                continue
            # A tie in the ranked logits may order (or pick) equal latents differently: compare their scores.
            a = np.sort(ranked[r][idx[r]])
            b = np.sort(ranked[r][got_idx[r]])
            if not np.allclose(a, b, rtol=0, atol=TOL):
                fail(f"codes of {s}, row {r}: indices {got_idx[r].tolist()} but NumPy ranks {idx[r].tolist()}")
        mine_val = np.take_along_axis(np.maximum(logits, 0), got_idx.astype(np.int64), axis=1)
        worst = float(np.max(np.abs(mine_val - got_val))) if rows else 0.0
        if worst > TOL:
            fail(f"codes of {s}: values differ from NumPy's by up to {worst:.3g} (> {TOL})")
        print(f"codes of {s} ({selection}): {rows} rows agree (largest value difference {worst:.2g})")


def main():
    ap = argparse.ArgumentParser()
    for a in ("--safetensors", "--npz", "--official", "--store", "--codes", "--docs"):
        ap.add_argument(a, required=True)
    ap.add_argument("--rows", type=int, default=100)
    args = ap.parse_args()

    w = load_file(args.safetensors)
    meta = safe_open(args.safetensors, "np").metadata()
    streams = [(s["name"], s["dim"]) for s in json.loads(meta["streams"])]
    latents, k = int(meta["latent_size"]), int(meta["k"])
    for key in ("config", "config_hash", "git_commit", "data_source", "topk"):
        if not meta.get(key):
            fail(f"{args.safetensors}: metadata has no '{key}'")
    json.loads(meta["config"])
    check_names(w, doc_table(args.docs, "SPARC-J names"), streams, latents, args.safetensors)

    z = np.load(args.npz)
    npz = {n: z[n] for n in z.files if n != "__metadata__"}
    if json.loads(z["__metadata__"].tobytes()) != meta:
        fail(f"{args.npz}: metadata differs from the safetensors file's")
    for n, a in w.items():
        if not np.array_equal(a, npz.get(n)):
            fail(f"{args.npz}: {n} differs from the safetensors file's")

    official = load_file(args.official)
    check_names(official, doc_table(args.docs, "Official names"), streams, latents, args.official)
    for s, _ in streams:
        pairs = [(f"encoders.{s}.weight", w[f"encoder.{s}"]), (f"decoders.{s}.weight", w[f"decoder.{s}"].T),
                 (f"pre_biases.{s}", w[f"pre_bias.{s}"]), (f"latent_biases.{s}", w[f"latent_bias.{s}"]),
                 (f"stats_last_nonzero_{s}", w[f"steps_since_fired.{s}"])]
        for name, a in pairs:
            if not np.array_equal(official[name], a):
                fail(f"{args.official}: {name} does not hold the model's values")

    summary = json.load(open(os.path.join(args.codes, "codes.json"), encoding="utf-8"))
    selection = summary["selection"]
    xs = load_store(args.store, args.rows)
    rows = min(args.rows, len(next(iter(xs.values()))))
    mine = encode(w, xs, streams, k, selection)
    summed = sum(mine[s][2] for s, _ in streams)
    compare_codes(mine, args.codes, streams, rows, selection, summed)

    # Decode: every stream's codes into every stream, from both naming schemes; the self reconstruction must
    # beat predicting the mean (NMSE < 1).
    for s, _ in streams:
        idx, val, _ = mine[s]
        for t, _ in streams:
            recon = np.einsum("nk,nkd->nd", val, w[f"decoder.{t}"][idx]) + w[f"pre_bias.{t}"]
            dense = np.zeros((rows, latents), dtype=np.float32)
            np.put_along_axis(dense, idx, val, axis=1)
            recon_official = dense @ official[f"decoders.{t}.weight"].T + official[f"pre_biases.{t}"]
            if not np.allclose(recon, recon_official, rtol=0, atol=TOL):
                fail(f"decode {s}->{t}: the two naming schemes reconstruct differently")
            if s == t:
                x = xs[t] / (np.linalg.norm(xs[t].astype(np.float64), axis=1, keepdims=True) + 1e-8)
                nmse = float(np.sum((recon - x) ** 2) / np.sum((x - x.mean(axis=0)) ** 2))
                if not nmse < 1:
                    fail(f"decode {s}->{s}: NMSE {nmse:.3g} on {rows} rows, not below 1")
                print(f"decode {s}->{s}: NMSE {nmse:.3g} on {rows} rows")
    print("check_export: OK")


if __name__ == "__main__":
    main()
