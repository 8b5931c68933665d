"""Parity reference for Heed's Transformer layers (tests/Heed.Tests/Models/Transformer/TransformerParityTests.cs).

Builds one torch.nn.TransformerEncoderLayer and one TransformerDecoderLayer (d_model 8, 2 heads, feed-forward 16,
dropout 0, batch_first) for every norm placement (post: norm_first=False, pre: norm_first=True) and activation
(relu, gelu), fills every parameter and input from the formula below (the C# test computes the same formula),
runs them, and prints the outputs as C# float literals. The first values of every weight are printed too, so the
test can check that both sides read the formula alike.

    value(tensor k, element i) = scale * sin(1.7 * i + 0.1 * k + 0.5) + offset

Run: /usr/bin/python3 bench/transformer_parity.py   (Debian's python3-torch 1.13.1; never run by the tests)
"""
import math
import torch
import torch.nn as nn

D, HEADS, FF = 8, 2, 16


def formula(k, n, scale=0.3, offset=0.0):
    return torch.tensor([scale * math.sin(1.7 * i + 0.1 * k + 0.5) + offset for i in range(n)], dtype=torch.float64).float()


def fill(named):
    """Parameters in the order listed, tensor k = position in the list; LayerNorm weights around 1."""
    for k, (name, p) in enumerate(named):
        if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name.endswith("norm3.weight"):
            values = formula(k, p.numel(), scale=0.2, offset=1.0)
        elif "norm" in name:
            values = formula(k, p.numel(), scale=0.1)
        else:
            values = formula(k, p.numel())
        with torch.no_grad():
            p.copy_(values.view_as(p))


def literal(t):
    return ", ".join(f"{v:.7g}f" for v in t.detach().flatten().tolist())


def main():
    print(f"// torch {torch.__version__}")
    # Inputs: tensor indices 100 (source) and 101 (target), scale 1.
    src = formula(100, 2 * 3 * D, scale=1.0).view(2, 3, D)
    tgt = formula(101, 2 * 4 * D, scale=1.0).view(2, 4, D)
    src_pad = torch.tensor([[False, False, False], [False, False, True]])  # row 1's last source position is padding
    causal = torch.triu(torch.full((4, 4), float("-inf")), diagonal=1)
    for norm_first in (False, True):
        for activation in ("relu", "gelu"):
            tag = f"{'pre' if norm_first else 'post'}_{activation}"
            enc = nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.0, activation=activation, batch_first=True, norm_first=norm_first)
            dec = nn.TransformerDecoderLayer(D, HEADS, FF, dropout=0.0, activation=activation, batch_first=True, norm_first=norm_first)
            enc_named = list(enc.named_parameters())
            dec_named = list(dec.named_parameters())
            fill(enc_named)
            fill(dec_named)
            if tag == "post_relu":
                print("// parameter order (tensor index k):")
                print("// encoder: " + ", ".join(n for n, _ in enc_named))
                print("// decoder: " + ", ".join(n for n, _ in dec_named))
                print(f"// encoder self_attn.in_proj_weight[:4] = {literal(enc.self_attn.in_proj_weight.flatten()[:4])}")
                print(f"// encoder norm1.weight[:4] = {literal(enc.norm1.weight[:4])}")
                print(f"// decoder multihead_attn.out_proj.bias[:4] = {literal(dec.multihead_attn.out_proj.bias[:4])}")
            enc.train()  # dropout is 0; training mode keeps torch 1.13 off its fused inference path
            dec.train()
            enc_out = enc(src, src_key_padding_mask=src_pad)
            dec_out = dec(tgt, src, tgt_mask=causal, memory_key_padding_mask=src_pad)
            print(f"EncoderOutput_{tag} = [{literal(enc_out)}];")
            print(f"DecoderOutput_{tag} = [{literal(dec_out)}];")
    x = torch.tensor([-3.0, -1.5, -0.5, 0.0, 0.25, 1.0, 2.0, 4.0])
    print(f"GeluInput = [{literal(x)}];")
    print(f"GeluOutput = [{literal(torch.nn.functional.gelu(x))}];")


if __name__ == "__main__":
    main()
