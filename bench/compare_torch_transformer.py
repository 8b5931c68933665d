#!/usr/bin/env python3
"""Heed's Transformer against the PyTorch peers on the same machine, in one run (issue 10's race).

For each thread count, interleaved (peer, Heed, peer, Heed, ...) so background load hits both alike:
  * training: ../shared/peers/torch_transformer.py (nn.Transformer, the tutorial's model) against
    `heed bench train --config bench/configs/tutorial_transformer.yaml --order file` (the same model, the same
    consecutive batches of 128 sentences): target tokens/s and peak RSS;
  * greedy decoding of 5 batches of 128 test sentences, 50 tokens each, untrained models: bench/torch_transformer_greedy.py
    (the decoder re-run over the whole prefix every step, the usual PyTorch loop) against `heed bench translate --config`
    with the key/value cache, and with --recompute (Heed also re-running the prefix: the cache's own gain);
  * `heed bench gemm` (n = 1024) for the model FLOP utilisation.
Prints every measurement, the medians and the ratios.

Usage (from the repository root): python3 bench/compare_torch_transformer.py [--data DIR] [--batches N] [--rounds R]
                                      [--threads 1,2]
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile

from compare_torch import config_at_data, run, torch_python
from openblas_env import openblas_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = os.path.join(ROOT, "bench", "configs", "tutorial_transformer.yaml")
CLI = os.path.join(ROOT, "src", "Heed.Cli", "bin", "Release", "net10.0", "Heed.Cli.dll")


def flops_per_token(vocab_out, d=256, ff=512, layers=3, src_per_trg=1.0, length=14):
    """Multiply-adds of one forward pass per target token (projections, feed-forward, attention over ~length
    positions, output layer); per source token for the encoder."""
    attention = 4 * d * d + 2 * length * d
    decoder = layers * (2 * attention + 2 * d * ff) + d * vocab_out
    encoder = layers * (attention + 2 * d * ff)
    return decoder + src_per_trg * encoder


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "multi30k"))
    ap.add_argument("--peers", default=os.path.join(ROOT, "..", "shared", "peers"))
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--threads", default="1,2")
    a = ap.parse_args()
    data = os.path.abspath(a.data)
    py = torch_python()
    run(["dotnet", "build", "src/Heed.Cli/Heed.Cli.csproj", "-c", "Release", "-v", "q", "-nologo"])

    tmp = tempfile.mkdtemp(prefix="heed-compare-transformer-")
    config = config_at_data(CONFIG, data, tmp)
    import gzip
    with gzip.open(os.path.join(data, "test_2016_flickr.de.gz"), "rt", encoding="utf-8") as f:
        lines = [l for _, l in zip(range(640), f)]
    src = os.path.join(tmp, "src.txt")
    open(src, "w", encoding="utf-8").writelines(lines)

    env = openblas_env()
    keys = ["peer_train", "peer_mb", "peer_gen", "heed_train", "heed_mb", "heed_gen", "heed_gen_recompute", "gemm"]
    results = {}
    vocab = None
    for _ in range(a.rounds):
        for t in [int(x) for x in a.threads.split(",")]:
            r = results.setdefault(t, {k: [] for k in keys})
            out = run([py, os.path.join(a.peers, "torch_transformer.py"), data, "--batches", str(a.batches), "--threads", str(t)], env)
            r["peer_train"].append(float(re.search(r"([\d.]+) tok/s", out).group(1)))
            r["peer_mb"].append(float(re.search(r"peak rss: ([\d.]+) MB", out).group(1)))
            h = json.loads(run(["dotnet", CLI, "bench", "train", "--config", config, "--order", "file", "--batches", str(a.batches),
                                "--threads", str(t), "--json"]))
            r["heed_train"].append(h["tokens_per_s"]); r["heed_mb"].append(h["peak_mb"])
            out = run([py, os.path.join(ROOT, "bench", "torch_transformer_greedy.py"), data, "--peers", a.peers, "--threads", str(t),
                       "--src", os.path.join(data, "test_2016_flickr.de.gz")], env)
            r["peer_gen"].append(float(re.search(r"([\d.]+) gen tok/s", out).group(1)))
            for key, extra in [("heed_gen", []), ("heed_gen_recompute", ["--recompute"])]:
                g = json.loads(run(["dotnet", CLI, "bench", "translate", "--config", config, "--src", src, "--batch-size", "128",
                                    "--threads", str(t), "--json"] + extra))
                r[key].append(g["tokens_per_s"])
            m = json.loads(run(["dotnet", CLI, "bench", "gemm", "--sizes", "1024", "--threads", str(t), "--json"]))
            r["gemm"].append(m["gflops"])
            vocab = vocab or h.get("trg_vocab")

    isa = "avx512f" if "avx512f" in open("/proc/cpuinfo").read() else "avx2 (no avx512f)"
    print(f"\nISA: {isa}")
    print("threads | peer train tok/s | Heed train tok/s | ratio | peak MB peer/Heed | peer greedy tok/s | Heed greedy (cache) | ratio | Heed greedy (recompute) | cache gain | GEMM GFLOP/s | MFU train")
    medians = {t: {k: statistics.median(v) for k, v in r.items() if v} for t, r in results.items()}
    for t, md in medians.items():
        mfu = md["heed_train"] * 6 * flops_per_token(vocab or 6000) / 1e9 / md["gemm"]
        print(f"{t} | {md['peer_train']:.0f} | {md['heed_train']:.0f} | {md['heed_train'] / md['peer_train']:.2f}x | "
              f"{md['peer_mb']:.0f}/{md['heed_mb']:.0f} | {md['peer_gen']:.0f} | {md['heed_gen']:.0f} | {md['heed_gen'] / md['peer_gen']:.2f}x | "
              f"{md['heed_gen_recompute']:.0f} | {md['heed_gen'] / md['heed_gen_recompute']:.2f}x | {md['gemm']:.0f} | {100 * mfu:.0f}%")
    if len(medians) > 1:
        top = max(medians)
        best = {k: max(medians[t][k] for t in medians) for k in ["peer_train", "peer_gen"]}
        h = medians[top]
        print(f"\nHeed on {top} threads vs each peer's faster thread count: training {h['heed_train']:.0f} / {best['peer_train']:.0f} = "
              f"{h['heed_train'] / best['peer_train']:.2f}x; greedy decoding {h['heed_gen']:.0f} / {best['peer_gen']:.0f} = "
              f"{h['heed_gen'] / best['peer_gen']:.2f}x; peak training memory {h['heed_mb']:.0f} MB vs {min(medians[t]['peer_mb'] for t in medians):.0f} MB")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
