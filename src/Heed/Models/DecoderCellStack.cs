using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Models;

/// <summary>The decoder's recurrent layers, one step at a time (GRU or LSTM cells, dropout between layers).</summary>
public sealed class DecoderCellStack : Module
{
    private readonly GruCell[] _gru = [];
    private readonly LstmCell[] _lstm = [];
    private readonly Dropout _dropout;

    public bool IsLstm { get; }
    public int Layers { get; }
    public int HiddenSize { get; }

    public DecoderCellStack(int inputSize, int hiddenSize, int layers, bool lstm, float dropout, Random random)
    {
        IsLstm = lstm; Layers = layers; HiddenSize = hiddenSize;
        if (lstm) _lstm = Enumerable.Range(0, layers).Select(l => RegisterModule($"cell{l}", new LstmCell(l == 0 ? inputSize : hiddenSize, hiddenSize, random))).ToArray();
        else _gru = Enumerable.Range(0, layers).Select(l => RegisterModule($"cell{l}", new GruCell(l == 0 ? inputSize : hiddenSize, hiddenSize, random))).ToArray();
        _dropout = RegisterModule("dropout", new Dropout(dropout, random.Next()));
    }

    /// <summary>One step: input [B, in], per-layer states h (and c for LSTM) [B, H] → new states; the top h is the output.</summary>
    public (Tensor[] H, Tensor[]? C) Step(Tensor input, Tensor[] h, Tensor[]? c)
    {
        var newH = new Tensor[Layers];
        var newC = IsLstm ? new Tensor[Layers] : null;
        var x = input;
        for (int l = 0; l < Layers; l++)
        {
            if (l > 0) x = _dropout.Forward(x);
            if (IsLstm) (newH[l], newC![l]) = _lstm[l].Forward(x, h[l], c![l]);
            else newH[l] = _gru[l].Forward(x, h[l]);
            x = newH[l];
        }
        return (newH, newC);
    }
}
