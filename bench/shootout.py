#!/usr/bin/env python3
"""The attention shoot-out: the same Multi30k de->en RNN model trained once per attention mechanism under the same
budget, then scored, timed and its alignments measured, into one Markdown table (docs/shootout.md explains the method).

Run from anywhere in a checkout that sits beside ../shared (or give --data):

    python3 bench/shootout.py                                     # the real comparison (~2 hours on 2 cores)
    python3 bench/shootout.py --minutes 0.5 --subset 2000 --eval-sentences 100 --out runs/shootout-smoke   # a smoke run

Every mechanism gets the same config (configs/multi30k_deen_rnn.yaml's data and model, below) but for
model.attention / attention_mode / window, the same seed, and the same wall-clock budget (training.max_minutes, or
training.max_steps with --steps), with early stopping off so that no run ends before its budget. Per mechanism:
  dev BLEU, test_2016 BLEU   heed test --beam 5 --lowercase --json (sacreBLEU's numbers)
  train tok/s                median of the tokens_per_s windows in metrics.jsonl, logged every 5 steps (the median
                             resists a shared machine's bursts better than the mean; n/a when fewer steps ran)
  decode tok/s               heed bench translate --beam 5 over the test sources
  parameters                 from train.log
  entropy, top share         heed align-stats --beam 5 over the test sources
and an alignment picture of the first test sentence (heed align), in the run's folder.
Nothing is installed and no network is used; only python3's standard library and the .NET SDK.
"""
import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (row label, model.attention, model.attention_mode). The eight mechanisms soft, and hard attention twice: over the
# additive score (Xu et al.'s pairing) and over local-p (hard inside a predicted window).
MECHANISMS = [
    ("additive", "additive", "soft"), ("general", "general", "soft"), ("dot", "dot", "soft"),
    ("scaled_dot", "scaled_dot", "soft"), ("cosine", "cosine", "soft"), ("location", "location", "soft"),
    ("local-m", "local-m", "soft"), ("local-p", "local-p", "soft"),
    ("additive hard", "additive", "hard"), ("local-p hard", "local-p", "hard"),
]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data", "multi30k"),
                   help="folder with train/val/test_2016_flickr .de/.en(.gz) (default: ../shared/data/multi30k beside the repo)")
    p.add_argument("--out", default=os.path.join(REPO, "runs", "shootout"), help="folder for the runs and the table")
    p.add_argument("--minutes", type=float, default=9.0, help="training budget per mechanism in minutes (default 9: ten rows fit in about two hours)")
    p.add_argument("--steps", type=int, default=0, help="a budget in steps instead of minutes (training.max_steps)")
    p.add_argument("--subset", type=int, default=0, help="train on the first N sentence pairs only (data.max_sentences; 0 = all 29k)")
    p.add_argument("--eval-sentences", type=int, default=0, help="validate, test, bench and measure on the first N sentences of val and test_2016 only (0 = all)")
    p.add_argument("--threads", type=int, default=2, help="threads for training and decoding (default 2)")
    p.add_argument("--decoder", default="bahdanau", choices=["bahdanau", "luong"], help="decoder of every model")
    p.add_argument("--window", type=int, default=10, help="D of local-m / local-p (Luong et al.'s 10)")
    p.add_argument("--min-freq", type=int, default=2, help="data.min_freq of both vocabularies (default 2; 10 keeps ~2,100 words a side, making the output layer ~3x cheaper)")
    p.add_argument("--embedding", type=int, default=256, help="embedding size of every model (default 256)")
    p.add_argument("--hidden", type=int, default=256, help="GRU and attention size of every model (default 256; 128 makes each row ~2x cheaper)")
    p.add_argument("--only", default="", help="comma-separated row labels to run (default: all ten)")
    a = p.parse_args()

    rows = [m for m in MECHANISMS if not a.only or m[0] in a.only.split(",")]
    if not rows:
        sys.exit(f"--only {a.only!r} names no row; the rows are: {', '.join(m[0] for m in MECHANISMS)}")
    data = os.path.abspath(a.data)
    files = {k: find(data, k) for k in ["train.de", "train.en", "val.de", "val.en", "test_2016_flickr.de", "test_2016_flickr.en"]}
    os.makedirs(a.out, exist_ok=True)
    out = os.path.abspath(a.out)
    if a.eval_sentences > 0:  # capped copies of the evaluation sides, so every step below reads the same sentences
        for k in ["val.de", "val.en", "test_2016_flickr.de", "test_2016_flickr.en"]:
            files[k] = head(files[k], a.eval_sentences, os.path.join(out, f"{k}.first{a.eval_sentences}"))

    started = time.time()
    # Published into the output folder, not run from bin/: a rebuild of the checkout during a two-hour run must not
    # change the binary halfway down the table.
    binary = os.path.join(out, "bin")
    run(["dotnet", "publish", os.path.join(REPO, "src", "Heed.Cli"), "-c", "Release", "-o", binary, "-v", "quiet", "-nologo"], quiet=True)
    heed = ["dotnet", os.path.join(binary, "Heed.Cli.dll")]
    first_test = first_line(files["test_2016_flickr.de"])

    results = []
    for label, attention, mode in rows:
        folder = os.path.join(out, label.replace(" ", "-"))
        os.makedirs(folder, exist_ok=True)
        model = os.path.join(folder, "model")
        config = os.path.join(folder, "config.yaml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(config_text(a, files, attention, mode, model))
        log(f"[{label}] training ({budget_text(a)})")
        run(heed + ["train", config, "--threads", str(a.threads)], quiet=True, log_to=os.path.join(folder, "train.out"))
        bleu = {}
        for split in ["val", "test_2016_flickr"]:
            log(f"[{label}] scoring {split}")
            bleu[split] = last_json(run(heed + ["test", model, "--src", files[f"{split}.de"], "--ref", files[f"{split}.en"],
                                                "--beam", "5", "--lowercase", "--json"]))["bleu"]
        log(f"[{label}] decoding speed and alignment statistics")
        bench = last_json(run(heed + ["bench", "translate", model, "--src", files["test_2016_flickr.de"], "--beam", "5",
                                      "--threads", str(a.threads), "--json"]))
        sharp = last_json(run(heed + ["align-stats", model, "--src", files["test_2016_flickr.de"], "--beam", "5", "--json"]))
        run(heed + ["align", model, "--sentence", first_test, "--beam", "5", "--out", os.path.join(folder, "alignment.svg")], quiet=True)
        results.append({
            "mechanism": label, "dev_bleu": bleu["val"], "test_bleu": bleu["test_2016_flickr"],
            "train_tokens_per_s": train_speed(os.path.join(model, "metrics.jsonl")),
            "decode_tokens_per_s": bench["tokens_per_s"], "parameters": parameters(os.path.join(model, "train.log")),
            "mean_entropy": sharp["mean_entropy"], "uniform_entropy": sharp["mean_uniform_entropy"],
            "top_share": sharp["mean_top_share"], "steps": last_step(os.path.join(model, "metrics.jsonl")),
        })
        with open(os.path.join(out, "results.json"), "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)

    minutes = (time.time() - started) / 60
    table = markdown(a, results, minutes)
    with open(os.path.join(out, "shootout.md"), "w", encoding="utf-8") as f:
        f.write(table)
    print(table)


def config_text(a, files, attention, mode, model):
    """configs/multi30k_deen_rnn.yaml's data and model, with this row's mechanism and the shared budget."""
    local = f"  window: {a.window}\n" if attention.startswith("local") else ""
    dev = f"  dev_src: '{files['val.de']}'\n  dev_trg: '{files['val.en']}'\n"
    budget = f"  max_steps: {a.steps}\n" if a.steps > 0 else f"  max_minutes: {a.minutes}\n"
    return (
        "name: shootout\n"
        "data:\n"
        f"  train_src: '{files['train.de']}'\n  train_trg: '{files['train.en']}'\n{dev}"
        f"  tokenizer: word\n  lowercase: true\n  min_freq: {a.min_freq}\n  max_length: 60\n  max_sentences: {a.subset}\n"
        "model:\n"
        f"  rnn: gru\n  embedding: {a.embedding}\n  hidden: {a.hidden}\n  decoder: {a.decoder}\n  attention: {attention}\n"
        f"  attention_mode: {mode}\n{local}  dropout: 0.3\n"
        "training:\n"
        f"  seed: 1\n  batch_tokens: 2000\n  epochs: 1000\n{budget}  lr: 0.001\n  clip: 1.0\n  label_smoothing: 0.1\n"
        "  lr_decay: 0.5\n  lr_patience: 1\n  validate_every: 0\n  early_stopping: 0\n  log_every: 5\n"
        f"  threads: {a.threads}\n  model_dir: '{model}'\n"
        "decoding:\n  beam: 5\n  alpha: 1.0\n  max_length_ratio: 1.5\n  batch_size: 64\n"
    )


def markdown(a, results, minutes):
    smoke = a.subset > 0 or a.eval_sentences > 0 or (a.steps == 0 and a.minutes < 5)
    lines = []
    if smoke:
        lines.append("**Smoke run: these numbers only show that the pipeline works; they are not the comparison.**\n")
    lines.append(f"Command: `python3 bench/shootout.py {' '.join(sys.argv[1:])}`; wall time {minutes:.1f} min.")
    lines.append(f"Budget per mechanism: {budget_text(a)}; training data: {f'first {a.subset} pairs' if a.subset else 'all of train'}; "
                 f"evaluation: {f'first {a.eval_sentences} sentences of' if a.eval_sentences else 'all of'} val (dev) and test_2016_flickr; "
                 f"{a.decoder} decoder, GRU embedding {a.embedding} / hidden {a.hidden}, vocabularies of the words seen at least {a.min_freq} times, {a.threads} threads.\n")
    lines.append("| mechanism | steps | dev BLEU | test_2016 BLEU | train tok/s | decode tok/s | parameters | mean entropy (nats) | uniform entropy | top share |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        speed = "n/a" if r["train_tokens_per_s"] != r["train_tokens_per_s"] else f"{r['train_tokens_per_s']:.0f}"  # NaN: no window logged
        lines.append(f"| {r['mechanism']} | {r['steps']} | {r['dev_bleu']:.2f} | {r['test_bleu']:.2f} | {speed} | "
                     f"{r['decode_tokens_per_s']:.0f} | {r['parameters']:,} | {r['mean_entropy']:.3f} | {r['uniform_entropy']:.3f} | {r['top_share']:.3f} |")
    return "\n".join(lines) + "\n"


def budget_text(a):
    return f"{a.steps} steps" if a.steps > 0 else f"{a.minutes:g} min of training"


def find(folder, stem):
    for name in (stem + ".gz", stem):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    sys.exit(f"shootout: {stem}(.gz) not found in {folder} (give --data FOLDER with Multi30k's train, val and test_2016_flickr .de/.en)")


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n")


def head(path, n, target):
    with open(target, "w", encoding="utf-8") as f:
        for i, line in enumerate(read_lines(path)):
            if i >= n:
                break
            f.write(line + "\n")
    return target


def first_line(path):
    return next(l for l in read_lines(path) if l.strip())


def train_speed(metrics):
    speeds = [r["tokens_per_s"] for r in jsonl(metrics) if "tokens_per_s" in r]
    return statistics.median(speeds) if speeds else float("nan")


def last_step(metrics):
    return max((r["step"] for r in jsonl(metrics) if "step" in r), default=0)


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def parameters(train_log):
    with open(train_log, encoding="utf-8") as f:
        m = re.search(r"([\d,]+) parameters", f.read())
    return int(m.group(1).replace(",", "")) if m else 0


def last_json(text):
    return json.loads([l for l in text.splitlines() if l.startswith("{")][-1])


def run(command, quiet=False, log_to=None):
    r = subprocess.run(command, capture_output=True, text=True)
    if log_to:
        with open(log_to, "w", encoding="utf-8") as f:
            f.write(r.stdout + r.stderr)
    if r.returncode != 0:
        sys.exit(f"shootout: `{' '.join(command)}` failed with exit {r.returncode}:\n{r.stderr or r.stdout}")
    return r.stdout


def log(message):
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
