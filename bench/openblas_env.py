"""The environment the bench scripts give OpenBLAS: a core-type override only where it is safe.

OpenBLAS 0.3.21 (Debian 12) does not recognise Sapphire Rapids and falls back to a slow generic kernel, so the
benches used to force OPENBLAS_CORETYPE=SKYLAKEX everywhere. That kernel uses AVX-512: on a CPU without it (AMD Zen 2/3,
most laptops) OpenBLAS dies with SIGILL. So the override is set only when /proc/cpuinfo lists avx512f, and a value the
user exported is kept as it is.
"""
import os

CPUINFO = "/proc/cpuinfo"


def has_avx512f(cpuinfo=CPUINFO):
    """True when the first 'flags' line of cpuinfo lists avx512f (False where the file is missing, e.g. not Linux)."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return "avx512f" in line.split(":", 1)[1].split()
    except OSError:
        pass
    return False


def openblas_env(base=None, cpuinfo=CPUINFO, **extra):
    """A copy of base (default: os.environ) plus extra, with OPENBLAS_CORETYPE=SKYLAKEX added only on AVX-512 CPUs
    and only when the caller's environment does not already choose a core type."""
    env = dict(os.environ if base is None else base, **extra)
    if "OPENBLAS_CORETYPE" not in env and has_avx512f(cpuinfo):
        env["OPENBLAS_CORETYPE"] = "SKYLAKEX"
    return env
