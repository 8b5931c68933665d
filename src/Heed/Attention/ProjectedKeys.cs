using Heed.Tensors;

namespace Heed.Attention;

/// <summary>
/// The key-only part of a score, computed once per batch by <see cref="Attention.PrepareKeys"/> (e.g. U_a h_i for
/// additive attention, W_a h_i for general) together with the key padding mask. Immutable: every decoder step,
/// beam hypothesis and thread can share one instance; beam search reorders it with <see cref="Select"/>, which makes
/// a new instance.
/// </summary>
/// <remarks>
/// The tensors belong to the <see cref="Heed.Tensors.Memory.TensorScope"/> that was open when they were made: keep
/// that scope open for as long as this value is used.
/// </remarks>
public sealed class ProjectedKeys
{
    private readonly int[] _lengths;

    internal ProjectedKeys(Tensor projected, Tensor? mask, Attention owner)
        : this(projected, mask, owner, RealLengths(mask, projected.Dim(0), projected.Dim(1))) { }

    private ProjectedKeys(Tensor projected, Tensor? mask, Attention owner, int[] lengths)
    {
        Projected = projected;
        Mask = mask;
        Owner = owner;
        _lengths = lengths;
    }

    /// <summary>[B, Tk, n]: the projected keys (the keys themselves for dot and scaled dot scores).</summary>
    public Tensor Projected { get; }

    /// <summary>[B, Tk] with 1 for a real key and 0 for padding, or null when every key is real.</summary>
    public Tensor? Mask { get; }

    /// <summary>The module that projected the keys: only it may attend with them (another's projection differs).</summary>
    internal Attention Owner { get; }

    /// <summary>B, the number of sentences (batch rows) the keys belong to.</summary>
    public int BatchSize => Projected.Dim(0);

    /// <summary>Tk (padded source length).</summary>
    public int Length => Projected.Dim(1);

    /// <summary>Number of unmasked keys of batch row <paramref name="b"/> (S in local-p attention).</summary>
    public int RealLength(int b) => _lengths[b];

    /// <summary>
    /// A new instance whose row r is this instance's row <c>batchIndices[r]</c> (beam search: expand B sentences to
    /// B·beam hypotheses, or reorder hypotheses after a step). Indices may repeat; gradients flow back and add up.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">an index is outside [0, B).</exception>
    /// <summary>The first <paramref name="rows"/> batch rows, as views of these tensors (no copy; gradients land in
    /// place): a training unroll that drops finished sentences step by step.</summary>
    public ProjectedKeys LeadingRows(int rows) =>
        rows == BatchSize ? this : new(Projected.LeadingRows(rows), Mask?.LeadingRows(rows), Owner, _lengths[..rows]);

    /// <summary>The given batch rows, in that order (beam search reordering its hypotheses).</summary>
    public ProjectedKeys Select(int[] batchIndices) =>
        new(Projected.SelectBatch(batchIndices), Mask?.SelectBatch(batchIndices), Owner);

    private static int[] RealLengths(Tensor? mask, int batch, int length)
    {
        var lengths = new int[batch];
        if (mask is null) { Array.Fill(lengths, length); return lengths; }
        var m = mask.Span;
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < length; i++)
                if (m[b * length + i] != 0) lengths[b]++;
        return lengths;
    }
}
