#!/usr/bin/env python3
"""Compare `heed bench gemm` with OpenBLAS sgemm on this machine, interleaved so both see the same load.

Needs Debian's libopenblas0-pthread (apt-get install -y libopenblas0-pthread) and gcc. Builds the CLI in Release,
compiles bench/gemm_openblas.c into a temporary directory (no binary is kept), then for each round runs, per thread
count, OpenBLAS and Heed back to back. Prints each run, then per (n, threads) the median GFLOP/s of each and the ratio.

Usage: python3 bench/gemm_openblas.py [--sizes 1024,2048] [--threads 1,2] [--rounds 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from openblas_env import openblas_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPENBLAS = "/usr/lib/x86_64-linux-gnu/libopenblas.so.0"


def json_lines(cmd, env=None):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1024,2048")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    threads = [int(t) for t in args.threads.split(",")]

    if not os.path.exists(OPENBLAS):
        sys.exit(f"{OPENBLAS} not found: apt-get update && apt-get install -y libopenblas0-pthread")
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "src/Heed.Cli/Heed.Cli.csproj"), "-c", "Release",
                    "-v", "quiet", "-nologo"], check=True, stdout=subprocess.DEVNULL)
    heed = ["dotnet", os.path.join(ROOT, "src/Heed.Cli/bin/Release/net10.0/Heed.Cli.dll"), "bench", "gemm"]

    with tempfile.TemporaryDirectory() as tmp:
        blas = os.path.join(tmp, "gemm_openblas")
        subprocess.run(["gcc", "-O2", "-o", blas, os.path.join(ROOT, "bench/gemm_openblas.c"), OPENBLAS], check=True)
        results = {}  # (library, n, threads) -> [gflops]
        per_cpu = {}  # the same per CPU-second of the process: far less disturbed by other jobs on a shared machine
        for r in range(args.rounds):
            for t in threads:
                env = openblas_env(OPENBLAS_NUM_THREADS=str(t))
                runs = [("openblas", json_lines([blas, *sizes], env)),
                        ("heed", json_lines(heed + ["--sizes", args.sizes, "--threads", str(t), "--json"]))]
                for library, lines in runs:
                    for line in lines:
                        results.setdefault((library, line["n"], t), []).append(line["gflops"])
                        per_cpu.setdefault((library, line["n"], t), []).append(line["gflops_per_cpu_s"])
                        print(f"round {r + 1} {library:8} n={line['n']:5} threads={t}: {line['gflops']:7.1f} GFLOP/s, "
                              f"{line['gflops_per_cpu_s']:7.1f} per CPU-second", flush=True)

    print("\nmedians over rounds (GFLOP/s):")
    print(f"{'n':>6} {'threads':>7} {'openblas':>9} {'heed':>9} {'heed/openblas':>14}   per CPU-second: {'openblas':>9} {'heed':>9} {'ratio':>6}")
    for n in map(int, sizes):
        for t in threads:
            o = statistics.median(results[("openblas", n, t)])
            h = statistics.median(results[("heed", n, t)])
            oc = statistics.median(per_cpu[("openblas", n, t)])
            hc = statistics.median(per_cpu[("heed", n, t)])
            print(f"{n:>6} {t:>7} {o:>9.1f} {h:>9.1f} {h / o:>14.2f}   {'':>15} {oc:>9.1f} {hc:>9.1f} {hc / oc:>6.2f}")


if __name__ == "__main__":
    main()
