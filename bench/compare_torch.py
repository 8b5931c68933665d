#!/usr/bin/env python3
"""Heed against the PyTorch peer (../shared/peers/torch_bahdanau.py) and, with --torchsharp, its TorchSharp port
(../shared/peers/torchsharp_bahdanau, built outside the repository) on the same machine, in one run.

For 1 and 2 threads, interleaved (peers, Heed, peers, Heed, ...) so that background load hits all alike, it runs:
  * the peer's efficient variant (--fast): training target tokens/s, greedy gen tok/s (batch 128, 50 tokens
    per sentence), peak RSS; the TorchSharp peer prints the same lines for the same batches;
  * heed bench train / heed bench translate --config with bench/configs/tutorial_bahdanau.yaml on the same data;
  * heed bench gemm (n = 1024) for the model FLOP utilisation (MFU): achieved model FLOP/s over the GEMM rate.
and prints every measurement, the medians over rounds and the Heed/peer ratios.

Usage (from the repository root):  python3 bench/compare_torch.py [--data DIR] [--peer FILE] [--batches N]
                                       [--rounds R] [--threads 1,2] [--baseline-cli DLL] [--torchsharp DLL]
Build the TorchSharp peer once, outside the repository (it restores ~280 MB; TorchSharp is never a dependency of Heed):
    cp -r ../shared/peers/torchsharp_bahdanau /tmp/ts && (cd /tmp/ts && dotnet build -c Release)
    python3 bench/compare_torch.py --torchsharp /tmp/ts/bin/Release/net10.0/ts.dll
With --baseline-cli (another build's Heed.Cli.dll, e.g. of the commit before a change), that build is run right after
this one in every round as well, so a before/after comparison shares the run's background load.
Installs python3-torch with apt-get when no Python on the PATH can import torch. Nothing here writes to the
data or peer folders.
"""
import argparse, json, os, re, resource, shutil, statistics, subprocess, sys, tempfile, time

from openblas_env import openblas_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = os.path.join(ROOT, "bench", "configs", "tutorial_bahdanau.yaml")
CLI = os.path.join(ROOT, "src", "Heed.Cli", "bin", "Release", "net10.0", "Heed.Cli.dll")


def torch_python():
    """A Python that imports torch, with OpenBLAS behind it. Debian's python3-torch links the system libblas.so.3,
    which is the slow reference BLAS unless libopenblas0-pthread is installed: without it the Transformer peer took
    25 s per batch instead of 1.5 s here, and any ratio against it would be meaningless."""
    if subprocess.run(["dpkg", "-s", "libopenblas0-pthread"], capture_output=True).returncode != 0:
        print("libopenblas0-pthread missing (torch would use the reference BLAS): apt-get install", file=sys.stderr)
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(["apt-get", "install", "-y", "libopenblas0-pthread"], check=True)
    for exe in ["python3", "/usr/bin/python3"]:
        path = shutil.which(exe)
        if path and subprocess.run([path, "-c", "import torch"], capture_output=True).returncode == 0:
            return path
    print("python3-torch missing: apt-get install", file=sys.stderr)
    subprocess.run(["apt-get", "update"], check=True)
    subprocess.run(["apt-get", "install", "-y", "python3-torch"], check=True)
    return "/usr/bin/python3"


def config_at_data(config, data, tmp):
    """A copy of the bench config in tmp with its training paths pointed at the Multi30k folder data; its path."""
    text = open(config, encoding="utf-8").read()
    text = re.sub(r"train_src: .*", f"train_src: '{os.path.join(data, 'train.de.gz')}'", text)
    text = re.sub(r"train_trg: .*", f"train_trg: '{os.path.join(data, 'train.en.gz')}'", text)
    copy = os.path.join(tmp, os.path.basename(config))
    open(copy, "w", encoding="utf-8").write(text)
    return copy


def run(cmd, env=None, cores=None):
    """Runs cmd and returns its stdout. With a list in cores, appends the cores the run kept busy on average: its
    processor time over its wall time. "--threads 1" does not mean one core for every peer: Debian's torch calls
    the system OpenBLAS, whose own pthreads use every core whatever torch.set_num_threads says (1.9 cores on 2 here)."""
    print("$ " + " ".join(cmd), flush=True)
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    print(out.stdout.rstrip(), flush=True)
    if cores is not None:
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        cores.append(cpu / wall)
        print(f"(processor time {cpu:.1f} s over {wall:.1f} s wall: {cpu / wall:.2f} cores busy)", flush=True)
    return out.stdout


def flops_per_token(vocab_out, emb=256, hid=512, dec=512, src_per_trg=1.0):
    """Multiply-adds of the forward pass per target token (GEMM-sized work only; the attention's O(S·n) is small)."""
    decoder = (2 * hid + dec + emb) * vocab_out + 3 * dec * (emb + 2 * hid + dec) + dec * dec
    encoder = 2 * 3 * hid * (emb + hid) + 2 * hid * dec  # bi-GRU and the key projection, per source token
    return decoder + src_per_trg * encoder, decoder


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "multi30k"))
    ap.add_argument("--peer", default=os.path.join(ROOT, "..", "shared", "peers", "torch_bahdanau.py"))
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--torchsharp", help="the built TorchSharp peer (ts.dll), timed in the same rounds as a third column")
    ap.add_argument("--baseline-cli", help="a second Heed.Cli.dll (an older build) timed in the same rounds, for before/after")
    ap.add_argument("--src", help="sentences for the decoding benchmark, the first 640 used (default: DATA/test_2016_flickr.de.gz)")
    a = ap.parse_args()
    data = os.path.abspath(a.data)
    src = a.src or os.path.join(data, "test_2016_flickr.de.gz")
    py = torch_python()
    run(["dotnet", "build", "src/Heed.Cli/Heed.Cli.csproj", "-c", "Release", "-v", "q", "-nologo"])

    tmp = tempfile.mkdtemp(prefix="heed-compare-")
    config = config_at_data(CONFIG, data, tmp)
    # The peer decodes 5 batches of 128 sentences; decode the same number here.
    import gzip
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rt", encoding="utf-8") as f:
        lines = [l for _, l in zip(range(640), f)]
    src = os.path.join(tmp, "src.txt")
    open(src, "w", encoding="utf-8").writelines(lines)

    results = {}
    env = openblas_env()
    for rnd in range(a.rounds):
        for t in [int(x) for x in a.threads.split(",")]:
            r = results.setdefault(t, {k: [] for k in ["peer_train", "peer_gen", "peer_mb", "heed_train", "heed_gen", "heed_mb", "gemm",
                                                       "base_train", "base_gen", "base_mb", "ts_train", "ts_gen", "ts_mb",
                                                       "peer_cores", "ts_cores"]})
            peers = [([py, a.peer], "peer")] + ([(["dotnet", os.path.abspath(a.torchsharp)], "ts")] if a.torchsharp else [])
            for command, key in peers:
                out = run(command + [data, "--batches", str(a.batches), "--threads", str(t), "--fast"], env, r[key + "_cores"])
                r[key + "_train"].append(float(re.search(r"([\d.]+) tok/s", out).group(1)))
                r[key + "_gen"].append(float(re.search(r"([\d.]+) gen tok/s", out).group(1)))
                r[key + "_mb"].append(float(re.search(r"peak rss: ([\d.]+) MB", out).group(1)))
                vocab = int(re.search(r"trg_vocab (\d+)", out).group(1))
            for cli, key in [(CLI, "heed")] + ([(os.path.abspath(a.baseline_cli), "base")] if a.baseline_cli else []):
                h = json.loads(run(["dotnet", cli, "bench", "train", "--config", config, "--batches", str(a.batches), "--threads", str(t), "--json"]))
                r[key + "_train"].append(h["tokens_per_s"]); r[key + "_mb"].append(h["peak_mb"])
                g = json.loads(run(["dotnet", cli, "bench", "translate", "--config", config, "--src", src, "--batch-size", "128", "--threads", str(t), "--json"]))
                r[key + "_gen"].append(g["tokens_per_s"])
            m = json.loads(run(["dotnet", CLI, "bench", "gemm", "--sizes", "1024", "--threads", str(t), "--json"]))
            r["gemm"].append(m["gflops"])

    train_macs, decode_macs = flops_per_token(vocab)
    print(f"\nmodel work: {6 * train_macs / 1e6:.0f} MFLOP per target token trained, {2 * decode_macs / 1e6:.0f} MFLOP per token decoded")
    print("threads | peer train tok/s | Heed train tok/s | ratio | peer gen tok/s | Heed gen tok/s | ratio | peak MB peer/Heed | GEMM GFLOP/s | MFU train/decode")
    medians = {t: {k: statistics.median(v) for k, v in r.items() if v} for t, r in results.items()}
    for t, md in medians.items():
        mfu_train = md["heed_train"] * 6 * train_macs / 1e9 / md["gemm"]
        mfu_gen = md["heed_gen"] * 2 * decode_macs / 1e9 / md["gemm"]
        print(f"{t} | {md['peer_train']:.0f} | {md['heed_train']:.0f} | {md['heed_train'] / md['peer_train']:.2f}x | "
              f"{md['peer_gen']:.0f} | {md['heed_gen']:.0f} | {md['heed_gen'] / md['peer_gen']:.2f}x | "
              f"{md['peer_mb']:.0f}/{md['heed_mb']:.0f} | {md['gemm']:.0f} | {100 * mfu_train:.0f}%/{100 * mfu_gen:.0f}%")
    if a.torchsharp:
        print("\nTorchSharp peer, same rounds:")
        print("threads | TorchSharp train tok/s | Heed/TorchSharp | TorchSharp gen tok/s | Heed/TorchSharp | peak MB TorchSharp/Heed")
        for t, md in medians.items():
            print(f"{t} | {md['ts_train']:.0f} | {md['heed_train'] / md['ts_train']:.2f}x | {md['ts_gen']:.0f} | "
                  f"{md['heed_gen'] / md['ts_gen']:.2f}x | {md['ts_mb']:.0f}/{md['heed_mb']:.0f}")
    if 2 in medians:
        # Issue 14's comparison: Heed on 2 threads against the fastest peer on its faster thread count.
        keys = ["peer", "ts"] if a.torchsharp else ["peer"]
        fastest = {what: max((medians[t][k + what], k, t) for t in medians for k in keys) for what in ["_train", "_gen"]}
        h = medians[2]
        names = {"peer": "PyTorch", "ts": "TorchSharp"}
        for what, label in [("_train", "training"), ("_gen", "greedy decoding")]:
            speed, k, t = fastest[what]
            print(f"{label}: Heed on 2 threads {h['heed' + what]:.0f} vs the fastest peer ({names[k]}, --threads {t}, "
                  f"{medians[t][k + '_cores']:.1f} cores busy) {speed:.0f} = {h['heed' + what] / speed:.2f}x")
        print(f"peak training memory: Heed {h['heed_mb']:.0f} MB on 2 threads vs the peers' lowest {min(medians[t][k + '_mb'] for t in medians for k in keys):.0f} MB")
    if a.baseline_cli:
        print("\nbaseline build, same rounds:")
        print("threads | Heed train tok/s before -> after | ratio to peer before -> after | Heed gen tok/s before -> after | ratio to peer before -> after | peak MB before/after")
        for t, md in medians.items():
            print(f"{t} | {md['base_train']:.0f} -> {md['heed_train']:.0f} | {md['base_train'] / md['peer_train']:.2f}x -> {md['heed_train'] / md['peer_train']:.2f}x | "
                  f"{md['base_gen']:.0f} -> {md['heed_gen']:.0f} | {md['base_gen'] / md['peer_gen']:.2f}x -> {md['heed_gen'] / md['peer_gen']:.2f}x | "
                  f"{md['base_mb']:.0f}/{md['heed_mb']:.0f}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
