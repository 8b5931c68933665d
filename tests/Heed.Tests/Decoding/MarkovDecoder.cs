using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Memory;

namespace Heed.Tests.Decoding;

/// <summary>
/// A stand-in model for testing search: the next-token distribution depends only on the previous token
/// (a fixed, seeded table), so the probability of any output can be computed by hand and search compared
/// with brute-force enumeration.
/// </summary>
internal sealed class MarkovDecoder : IStepDecoder
{
    public readonly float[,] LogProbs; // [previous, next]

    public MarkovDecoder(int vocab, int seed, int bos = 0, int eos = 1)
    {
        BosId = bos; EosId = eos; TargetVocabulary = vocab;
        var random = new Random(seed);
        LogProbs = new float[vocab, vocab];
        for (int p = 0; p < vocab; p++)
        {
            var logits = Enumerable.Range(0, vocab).Select(_ => random.NextDouble() * 3).ToArray();
            double lse = Math.Log(logits.Sum(Math.Exp));
            for (int n = 0; n < vocab; n++) LogProbs[p, n] = (float)(logits[n] - lse);
        }
    }

    /// <summary>Added to every score of a row, times (1 + the row's previous token): the scores are then logits, not
    /// log-probabilities, and search must normalise them itself.</summary>
    public float Offset { get; init; }

    public int BosId { get; }
    public int EosId { get; }
    public int TargetVocabulary { get; }

    private sealed record Encoded(int Rows, int SourceLength) : IEncodedSource
    {
        public IEncodedSource Select(int[] rows) => this with { Rows = rows.Length };
        public void KeepIn(TensorScope stepScope) { }
    }

    private sealed record State(int[] Last) : IDecoderState
    {
        public IDecoderState Select(int[] rows) => new State(rows.Select(r => Last[r]).ToArray());
        public void KeepIn(TensorScope stepScope) { }
    }

    public IEncodedSource Encode(SourceBatch source, SearchWork? work = null) => new Encoded(source.Batch, source.MaxLength);

    public IDecoderState Start(IEncodedSource encoded) => new State(new int[encoded.Rows]);

    public StepResult Step(IEncodedSource encoded, IDecoderState state, int[] previousTokens)
    {
        int rows = previousTokens.Length, v = TargetVocabulary;
        var lp = new float[rows * v];
        for (int r = 0; r < rows; r++)
            for (int n = 0; n < v; n++) lp[r * v + n] = LogProbs[previousTokens[r], n] + Offset * (1 + previousTokens[r]);
        var att = Enumerable.Repeat(1f / encoded.SourceLength, rows * encoded.SourceLength).ToArray();
        return new StepResult(Tensor.FromArray(lp, rows, v), Tensor.FromArray(att, rows, encoded.SourceLength), new State(previousTokens));
    }

    /// <summary>Log-probability of emitting <paramref name="tokens"/> (then EOS when <paramref name="withEos"/>).</summary>
    public double Score(IReadOnlyList<int> tokens, bool withEos)
    {
        double s = 0; int prev = BosId;
        foreach (int t in tokens) { s += LogProbs[prev, t]; prev = t; }
        if (withEos) s += LogProbs[prev, EosId];
        return s;
    }
}
