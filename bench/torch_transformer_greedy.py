#!/usr/bin/env python3
"""PyTorch peer for greedy Transformer decoding, written the usual way: nn.Transformer's encoder runs once per batch,
then at every step the decoder re-runs over the whole prefix (no key/value cache) and the last position's argmax is
appended. The model is ../shared/peers/torch_transformer.py's (the tutorial's: d_model 256, 3+3 layers, 8 heads,
ff 512, learned positions), imported from there so both peers are one model; untrained (seed 0), so no sentence
stops early and every sentence decodes exactly --steps tokens, like `heed bench translate --config`.

Usage: python3 bench/torch_transformer_greedy.py DATA_DIR [--peers DIR] [--threads T] [--batches 5] [--steps 50]
Prints "greedy: N sentences, M tokens decoded, S s, … gen tok/s" and the peak RSS.
"""
import argparse, os, resource, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--peers", default=os.path.join(ROOT, "..", "shared", "peers"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batches", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--src", help="sentences to decode (default: DATA/test_2016_flickr.de.gz)")
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.peers))
    import torch
    from torch_transformer import Model
    from torch_bahdanau import read, Vocab, pad

    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    de = read(os.path.join(a.data, "train.de.gz"))
    en = read(os.path.join(a.data, "train.en.gz"))
    vs, vt = Vocab(de), Vocab(en)
    m = Model(len(vs.itos), len(vt.itos)).eval()
    test = read(a.src or os.path.join(a.data, "test_2016_flickr.de.gz"))
    bs = a.batch_size
    batches = [pad([vs.ids(x) for x in test[i:i + bs]]).t() for i in range(0, bs * a.batches, bs)]
    n = gen = 0
    t0 = time.perf_counter()
    with torch.no_grad():
        for src in batches:
            memory = m.tf.encoder(m.embed(m.se, src), src_key_padding_mask=src == 1)
            ys = torch.full((src.shape[0], 1), 2, dtype=torch.long)
            for _ in range(a.steps):
                mask = m.tf.generate_square_subsequent_mask(ys.shape[1])
                h = m.tf.decoder(m.embed(m.te, ys), memory, tgt_mask=mask, memory_key_padding_mask=src == 1)
                nxt = m.out(h[:, -1]).argmax(-1, keepdim=True)
                ys = torch.cat([ys, nxt], 1)
            n += src.shape[0]
            gen += src.shape[0] * a.steps
    dt = time.perf_counter() - t0
    print(f"greedy: {n} sentences, {gen} tokens decoded, {dt:.2f} s, {n / dt:.1f} sent/s, {gen / dt:.0f} gen tok/s")
    print(f"peak rss: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
