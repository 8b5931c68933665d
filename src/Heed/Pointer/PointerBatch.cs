using Heed.Tensors;

namespace Heed.Pointer;

/// <summary>
/// Examples of one input length n as tensors for training: inputs [B, n, d] and, per row, the target positions
/// (input index + 1, then 0 for the end) padded to the longest with <see cref="Ignore"/>.
/// </summary>
public sealed class PointerBatch
{
    /// <summary>The cross-entropy's ignore index, on padded steps.</summary>
    public const int Ignore = -100;

    private readonly int[][] _positions;

    /// <param name="examples">at least one, all with the same n and dimension</param>
    /// <exception cref="ArgumentException">no examples, or examples of different sizes.</exception>
    public PointerBatch(IReadOnlyList<PointerExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0 || examples.Any(e => e.Count != examples[0].Count || e.Dim != examples[0].Dim))
            throw new ArgumentException("PointerBatch: needs at least one example, all with the same number of elements and features.");
        Size = examples.Count;
        Count = examples[0].Count;
        int dim = examples[0].Dim;
        _positions = examples.Select(e => e.Target.Select(i => i + 1).Append(0).ToArray()).ToArray();
        Steps = _positions.Max(p => p.Length);
        var data = new float[Size * Count * dim];
        for (int b = 0; b < Size; b++) examples[b].Inputs.CopyTo(data, b * Count * dim);
        Inputs = Tensor.FromArray(data, Size, Count, dim);
        TargetPositions = new int[Size * Steps];
        Array.Fill(TargetPositions, Ignore);
        for (int b = 0; b < Size; b++) _positions[b].CopyTo(TargetPositions, b * Steps);
    }

    /// <summary>B, the number of examples in the batch (at least 1).</summary>
    public int Size { get; }

    /// <summary>n, input elements per example.</summary>
    public int Count { get; }

    /// <summary>T, the longest target with its end.</summary>
    public int Steps { get; }

    /// <summary>The examples' input elements stacked as [B, n, d]: example b's element i is row (b, i), d features.</summary>
    public Tensor Inputs { get; }

    /// <summary>[B · T] row-major target positions, <see cref="Ignore"/> after each row's end.</summary>
    public int[] TargetPositions { get; }

    /// <summary>[B · (T − 1)]: the position chosen at each step but the last (the next step's input); 0 where padded.</summary>
    public int[] PreviousPositions()
    {
        var previous = new int[Size * (Steps - 1)];
        for (int b = 0; b < Size; b++)
            for (int t = 0; t < Steps - 1; t++)
                previous[b * (Steps - 1) + t] = t < _positions[b].Length ? _positions[b][t] : 0;
        return previous;
    }

    /// <summary>[B, T, positions]: 0, or <see cref="PointerNetwork.MaskedScore"/> at positions chosen at an earlier step.</summary>
    public Tensor ChosenMask(int positions)
    {
        var mask = Tensor.Zeros(Size, Steps, positions);
        var m = mask.Span;
        for (int b = 0; b < Size; b++)
            for (int t = 1; t < Steps; t++)
            {
                var row = m.Slice((b * Steps + t) * positions, positions);
                m.Slice((b * Steps + t - 1) * positions, positions).CopyTo(row);
                if (t - 1 < _positions[b].Length) row[_positions[b][t - 1]] = PointerNetwork.MaskedScore;
            }
        return mask;
    }
}
