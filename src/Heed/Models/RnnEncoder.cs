using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Models;

/// <summary>What the encoder hands the decoder.</summary>
/// <param name="Outputs">annotations h_i = [h→_i; h←_i]: [B, S, 2H], zero at padding</param>
/// <param name="Summary">the top layer's last forward and first backward states, concatenated: [B, 2H]</param>
/// <param name="Mask">[B, S]: 1 for a real token, 0 for padding</param>
internal sealed record EncoderOutput(Tensor Outputs, Tensor Summary, Tensor Mask);

/// <summary>
/// Bahdanau et al. (2015) §3.2: a bidirectional RNN reads the source; each annotation is the concatenation of the
/// forward and backward states at that position. Padded steps leave the state unchanged.
/// </summary>
internal sealed class RnnEncoder : Module
{
    private readonly Embedding _embedding;
    private readonly Dropout _dropout;
    private readonly RecurrentLayer _rnn;

    /// <summary>H, each direction's state size.</summary>
    public int HiddenSize { get; }

    /// <summary>2H, the size of an annotation (both directions' states side by side).</summary>
    public int OutputSize => 2 * HiddenSize;

    /// <param name="vocabulary">source vocabulary size (embedding rows)</param>
    /// <param name="embeddingSize">the embedding's size, the RNN's input</param>
    /// <param name="hiddenSize">H</param>
    /// <param name="layers">stacked bidirectional layers</param>
    /// <param name="lstm">LSTM rather than GRU</param>
    /// <param name="dropout">probability of zeroing each embedding unit, and between layers, while training</param>
    /// <param name="random">initialiser, and the dropout's seed</param>

    public RnnEncoder(int vocabulary, int embeddingSize, int hiddenSize, int layers, bool lstm, float dropout, Random random)
    {
        HiddenSize = hiddenSize;
        _embedding = RegisterModule("embedding", new Embedding(vocabulary, embeddingSize, random));
        _dropout = RegisterModule("dropout", new Dropout(dropout, random.Next()));
        _rnn = RegisterModule<RecurrentLayer>("rnn", lstm
            ? new Lstm(embeddingSize, hiddenSize, random, layers, bidirectional: true, dropout)
            : new Gru(embeddingSize, hiddenSize, random, layers, bidirectional: true, dropout));
    }

    /// <summary>Reads a padded batch of source ids into annotations, a summary for the decoder's first state, and
    /// the padding mask.</summary>
    public EncoderOutput Forward(SourceBatch source)
    {
        int b = source.Batch, s = source.MaxLength;
        var x = _dropout.Forward(_embedding.Forward(source.Ids, b, s));           // [B, S, E]
        var (outputs, finals) = _rnn switch
        {
            Gru gru => gru.Forward(x, source.Lengths),
            Lstm lstm => Drop3(lstm.Forward(x, source.Lengths)),
            _ => throw new InvalidOperationException("unknown recurrent layer"),
        };
        // finals: [layers·2, B, H]; the top layer's forward and reverse states are the last two.
        int top = finals.Dim(0) - 2;
        var summary = Ops.Concat([finals.Select(0, top), finals.Select(0, top + 1)], 1); // [B, 2H]
        var mask = new float[b * s];
        for (int i = 0; i < b; i++) mask.AsSpan(i * s, source.Lengths[i]).Fill(1f);
        return new EncoderOutput(outputs, summary, Tensor.FromArray(mask, b, s));
    }

    private static (Tensor, Tensor) Drop3((Tensor Output, Tensor HN, Tensor CN) r) => (r.Output, r.HN);
}
