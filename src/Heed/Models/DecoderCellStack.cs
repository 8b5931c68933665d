using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Models;

/// <summary>The decoder's recurrent layers, one step at a time (GRU or LSTM cells, dropout between layers).</summary>
internal sealed class DecoderCellStack : Module
{
    private readonly GruCell[] _gru = [];
    private readonly LstmCell[] _lstm = [];
    private readonly Dropout _dropout;

    /// <summary>LSTM cells (states h and c) rather than GRU cells (state h only).</summary>
    public bool IsLstm { get; }

    /// <summary>Stacked cells, each feeding the next through dropout.</summary>
    public int Layers { get; }

    /// <summary>H, every layer's state size.</summary>
    public int HiddenSize { get; }

    /// <param name="inputSize">the first layer's input size; the others read the layer below (H)</param>
    /// <param name="hiddenSize">H</param>
    /// <param name="layers">stacked cells, at least 1</param>
    /// <param name="lstm">LSTM cells rather than GRU</param>
    /// <param name="dropout">probability of zeroing each unit between layers while training</param>
    /// <param name="random">initialiser, and the dropout's seed</param>

    public DecoderCellStack(int inputSize, int hiddenSize, int layers, bool lstm, float dropout, Random random)
    {
        IsLstm = lstm; Layers = layers; HiddenSize = hiddenSize;
        if (lstm) _lstm = Enumerable.Range(0, layers).Select(l => RegisterModule($"cell{l}", new LstmCell(l == 0 ? inputSize : hiddenSize, hiddenSize, random))).ToArray();
        else _gru = Enumerable.Range(0, layers).Select(l => RegisterModule($"cell{l}", new GruCell(l == 0 ? inputSize : hiddenSize, hiddenSize, random))).ToArray();
        _dropout = RegisterModule("dropout", new Dropout(dropout, random.Next()));
    }

    internal Tensor FirstWeightIh => IsLstm ? _lstm[0].WeightIh : _gru[0].WeightIh;
    internal Tensor FirstBiasIh => IsLstm ? _lstm[0].BiasIh : _gru[0].BiasIh;

    /// <summary>
    /// The first layer's input projection of the leading part u of its input [u; v]: W_ih[:, :U]·u + b_ih,
    /// [..., U] → [..., G·H]. u does not depend on the recurrence (the previous target token's embedding), so
    /// teacher forcing projects all steps in one GEMM instead of one narrow GEMM per step.
    /// </summary>
    public Tensor ProjectLeading(Tensor leading) => Ops.LinearColumns(leading, FirstWeightIh, 0, FirstBiasIh);

    /// <summary>
    /// The first layer's input projection of the trailing part v of its input [u; v], without the bias:
    /// W_ih[:, U:]·v, [..., V] → [..., G·H]. Search projects the attention's annotations h_j once per source so that a
    /// step's W_ih[:, U:]·c_t becomes Σ_j α_j (W_ih[:, U:]·h_j) (<see cref="StepProjected"/>).
    /// </summary>
    public Tensor ProjectTrailing(Tensor trailing)
    {
        var w = FirstWeightIh;
        return Ops.LinearColumns(trailing, w, w.Dim(1) - trailing.Dim(-1), null);
    }

    /// <summary>
    /// One step whose first-layer input is [u; v] (u's projection from <see cref="ProjectLeading"/>, [B, G·H]; v the
    /// rest [B, V], the input's last V columns), per-layer states h (and c for LSTM) [B, H] → new states; the top h is
    /// the output. The same function as one cell on the concatenated input, up to float summation order.
    /// </summary>
    public (Tensor[] H, Tensor[]? C) Step(Tensor leadingProjection, Tensor rest, Tensor[] h, Tensor[]? c)
    {
        var w = FirstWeightIh;
        return StepProjected(Ops.LinearColumns(rest, w, w.Dim(1) - rest.Dim(-1), leadingProjection), h, c);
    }

    /// <summary>
    /// One step from the first layer's whole input projection W_ih·x + b_ih ([B, G·H], however it was assembled),
    /// per-layer states h (and c for LSTM) [B, H] → new states; the top h is the output.
    /// </summary>
    public (Tensor[] H, Tensor[]? C) StepProjected(Tensor projection, Tensor[] h, Tensor[]? c)
    {
        var newH = new Tensor[Layers];
        var newC = IsLstm ? new Tensor[Layers] : null;
        for (int l = 0; l < Layers; l++)
        {
            if (l == 0)
            {
                if (IsLstm) (newH[0], newC![0]) = _lstm[0].ForwardProjected(projection, h[0], c![0]);
                else newH[0] = _gru[0].ForwardProjected(projection, h[0]);
                continue;
            }
            var x = _dropout.Forward(newH[l - 1]);
            if (IsLstm) (newH[l], newC![l]) = _lstm[l].Forward(x, h[l], c![l]);
            else newH[l] = _gru[l].Forward(x, h[l]);
        }
        return (newH, newC);
    }
}
