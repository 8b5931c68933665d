using System.Collections.Concurrent;

namespace Heed.Tensors.Kernels;

/// <summary>
/// Weights packed for the GEMM once per pass instead of once per call. A recurrent model multiplies the same small
/// weights (W_hh, the per-step half of W_ih, the attention query map) at every time step of a batch, forward and
/// backward, with only B = 64–128 rows each time, so repacking the weight each call costs about as much as a third of
/// the product. While a <see cref="Begin"/> scope is open, the per-step products (at most
/// <see cref="GemmDriver.NarrowMaxRows"/> rows) take a packed copy of their weight from here, made on first use.
/// </summary>
/// <remarks>
/// The copies are snapshots: a scope must end before the weights change (a training step opens one around forward
/// and backward, and closes it before the optimiser runs; a search call around its steps). The scope flows to tasks
/// started inside it (it is an <see cref="AsyncLocal{T}"/>), so data-parallel replicas share one set of copies; the
/// packing itself is thread-safe. Ending the scope frees the copies.
/// </remarks>
internal sealed class PackedWeights : IDisposable
{
    private static readonly AsyncLocal<PackedWeights?> Active = new();

    private readonly PackedWeights? _previous;
    private readonly ConcurrentDictionary<(Tensor Weight, int FirstColumn, int Columns, bool Transposed), Lazy<GemmPackedB>> _packs = new();
    private bool _ended;

    private PackedWeights(PackedWeights? previous) => _previous = previous;

    /// <summary>Opens a scope: until it is disposed, per-step products in this flow of execution reuse packed weights.</summary>
    public static PackedWeights Begin()
    {
        var scope = new PackedWeights(Active.Value);
        Active.Value = scope;
        return scope;
    }

    /// <summary>Copies packed so far (for tests).</summary>
    public int Count => _packs.Count;

    /// <summary>
    /// The packed op(B) of a weight block for a product with <paramref name="rows"/> rows, or null when no scope is
    /// open or the product is large enough to pack its own blocks as it goes.
    /// </summary>
    /// <param name="rows">rows of op(A) in the product; above the narrow-product limit nothing is cached</param>
    /// <param name="weight">[out, total], row-major</param>
    /// <param name="firstColumn">first column of the block used</param>
    /// <param name="columns">columns in the block</param>
    /// <param name="transposed">true: op(B) = block ᵀ ([columns, out], as in x·Wᵀ); false: op(B) = block ([out, columns], as in dy·W)</param>
    internal static GemmPackedB? For(int rows, Tensor weight, int firstColumn, int columns, bool transposed)
    {
        if (rows > GemmDriver.NarrowMaxRows) return null; // checked first: the scope lookup is the dearer test
        var scope = Active.Value;
        if (scope is null) return null;
        return scope._packs.GetOrAdd((weight, firstColumn, columns, transposed), key => new Lazy<GemmPackedB>(() =>
        {
            int outRows = key.Weight.Dim(0), ld = key.Weight.Dim(1);
            var block = key.Weight.Span[key.FirstColumn..];
            return key.Transposed
                ? Gemm.PackB(true, key.Columns, outRows, block, ld)
                : Gemm.PackB(false, outRows, key.Columns, block, ld);
        })).Value;
    }

    /// <summary>Ends the scope (restoring any enclosing one) and frees its copies.</summary>
    public void Dispose()
    {
        if (_ended) return;
        _ended = true;
        Active.Value = _previous;
        foreach (var pack in _packs.Values)
            if (pack.IsValueCreated) pack.Value.Dispose();
        _packs.Clear();
    }
}
