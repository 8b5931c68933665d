namespace Heed.Tensors.Nn;

/// <summary>
/// What <see cref="Gru"/> and <see cref="Lstm"/> share: PyTorch-named parameters per layer and direction, the
/// input-to-hidden product for the whole sequence in one GEMM, the time loop with padding masks, bidirectional
/// outputs and dropout between layers. Subclasses supply the cell step on their state (GRU [B, H], LSTM [2, B, H]).
/// </summary>
public abstract class RecurrentLayer : Module
{
    private readonly RecurrentWeights[] _weights; // index layer · Directions + direction
    private readonly Dropout? _dropout;

    /// <summary>Features of the input to the first layer.</summary>
    public int InputSize { get; }
    /// <summary>H, the state size of each direction.</summary>
    public int HiddenSize { get; }
    /// <summary>Stacked layers; each above the first reads the one below.</summary>
    public int NumLayers { get; }
    /// <summary>Whether each layer also runs a reverse direction, whose output is concatenated after the forward one.</summary>
    public bool Bidirectional { get; }
    /// <summary>2 when <see cref="Bidirectional"/>, else 1; the output has Directions · H features.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>
    /// True (default): each step is the fused cell op. False: the composite oracle of <see cref="CompositeCells"/>
    /// (same values, for tests and the benchmark).
    /// </summary>
    public bool UseFusedCells { get; set; } = true;

    /// <param name="gates">3 for GRU, 4 for LSTM</param>
    /// <param name="inputSize">features of the input</param>
    /// <param name="hiddenSize">H</param>
    /// <param name="numLayers">stacked layers (≥ 1)</param>
    /// <param name="bidirectional">adds a reverse direction per layer (outputs concatenated: forward, reverse)</param>
    /// <param name="dropout">dropout on each layer's output except the last, while training, in [0, 1)</param>
    /// <param name="random">seeded generator for the weights and the dropout seed</param>
    protected RecurrentLayer(int gates, int inputSize, int hiddenSize, int numLayers, bool bidirectional, float dropout, Random random)
    {
        if (dropout < 0 || dropout >= 1) throw new ArgumentOutOfRangeException(nameof(dropout), $"Dropout p = {dropout} must be in [0, 1).");
        if (numLayers < 1) throw new ArgumentOutOfRangeException(nameof(numLayers), $"A recurrent layer needs at least one layer; got {numLayers}.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Bidirectional = bidirectional;
        _weights = new RecurrentWeights[numLayers * Directions];
        for (int l = 0; l < numLayers; l++)
            for (int d = 0; d < Directions; d++)
            {
                string suffix = $"_l{l}" + (d == 1 ? "_reverse" : "");
                var w = RecurrentWeights.Create(random, gates, l == 0 ? inputSize : hiddenSize * Directions, hiddenSize);
                _weights[l * Directions + d] = new RecurrentWeights(
                    RegisterParameter("weight_ih" + suffix, w.WeightIh),
                    RegisterParameter("weight_hh" + suffix, w.WeightHh),
                    RegisterParameter("bias_ih" + suffix, w.BiasIh),
                    RegisterParameter("bias_hh" + suffix, w.BiasHh));
            }
        if (dropout > 0 && numLayers > 1) _dropout = RegisterModule("dropout", new Dropout(dropout, random.Next()));
    }

    /// <summary>One fused cell step on <paramref name="state"/>, reading step <paramref name="step"/> of xProj [B, T, G·H].</summary>
    private protected abstract Tensor FusedStep(Tensor xProj, int step, Tensor state, Tensor weightHh, Tensor biasHh, bool[]? active);

    /// <summary>The same step built from ordinary ops; <paramref name="keep"/> is null or a [B, H] 0/1 mask.</summary>
    private protected abstract Tensor CompositeStep(Tensor xProjStep, Tensor state, Tensor weightHh, Tensor biasHh, Tensor? keep);

    /// <summary>
    /// Runs every layer and direction over <paramref name="x"/> [B, T, in]; returns the last layer's outputs
    /// [B, T, D·H] and the final state of each layer and direction (index layer · D + direction).
    /// </summary>
    private protected (Tensor Output, Tensor[] Finals) Run(Tensor x, int[]? lengths, Func<int, int, Tensor> initialState)
    {
        if (x.Rank != 3 || x.Dim(2) != InputSize)
            throw new ArgumentException($"{GetType().Name}: input {ShapeOf.Format(x.Shape)} must be [B, T, {InputSize}] (batch first).");
        int batch = x.Dim(0), steps = x.Dim(1);
        var active = ActiveFlags(lengths, batch, steps);
        var keep = UseFusedCells ? null : active.Select(a => a is null ? null : KeepMask(a)).ToArray();
        var finals = new Tensor[_weights.Length];
        var input = x;
        for (int l = 0; l < NumLayers; l++)
        {
            var states = new Tensor[Directions][];
            for (int d = 0; d < Directions; d++)
            {
                int index = l * Directions + d;
                var w = _weights[index];
                var xProj = Ops.Linear(input, w.WeightIh, w.BiasIh); // [B, T, G·H]: one GEMM for the sequence
                var state = initialState(index, batch);
                states[d] = new Tensor[steps];
                for (int k = 0; k < steps; k++)
                {
                    int t = d == 0 ? k : steps - 1 - k;
                    state = UseFusedCells
                        ? FusedStep(xProj, t, state, w.WeightHh, w.BiasHh, active[t])
                        : CompositeStep(xProj.Select(1, t), state, w.WeightHh, w.BiasHh, keep![t]);
                    states[d][t] = state;
                }
                finals[index] = state;
            }
            input = Ops.PackRecurrentOutputs(states, lengths, batch, HiddenSize);
            if (_dropout is not null && l < NumLayers - 1) input = _dropout.Forward(input);
        }
        return (input, finals);
    }

    /// <summary>Per position, null when every sentence is real there, else [B] flags "position &lt; length".</summary>
    private static bool[]?[] ActiveFlags(int[]? lengths, int batch, int steps)
    {
        var flags = new bool[]?[steps];
        if (lengths is null) return flags;
        if (lengths.Length != batch)
            throw new ArgumentException($"Recurrent layer: {lengths.Length} lengths for a batch of {batch}.");
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 0 || lengths[b] > steps)
                throw new ArgumentOutOfRangeException(nameof(lengths), $"Recurrent layer: length {lengths[b]} of sentence {b} is outside [0, {steps}].");
        for (int t = 0; t < steps; t++)
            if (lengths.Any(n => t >= n)) flags[t] = lengths.Select(n => t < n).ToArray();
        return flags;
    }

    private Tensor KeepMask(bool[] active)
    {
        var keep = Tensor.Empty(active.Length, HiddenSize);
        for (int b = 0; b < active.Length; b++) keep.Span.Slice(b * HiddenSize, HiddenSize).Fill(active[b] ? 1f : 0f);
        return keep;
    }

    /// <summary>Checks an initial state tensor [layers · D, B, H] given by the caller.</summary>
    private protected void CheckInitial(Tensor? initial, string what, int batch)
    {
        if (initial is null) return;
        if (initial.Rank != 3 || initial.Dim(0) != _weights.Length || initial.Dim(1) != batch || initial.Dim(2) != HiddenSize)
            throw new ArgumentException($"{GetType().Name}: initial {what} {ShapeOf.Format(initial.Shape)} must be [{_weights.Length}, {batch}, {HiddenSize}].");
    }
}
