using System.Numerics.Tensors;

namespace Heed.Viz;

/// <summary>
/// Attention weights of one translation, ready to draw: one row per output token, one column per source token.
/// Row <c>i</c> holds how strongly output token <c>i</c> attended to each source token.
/// </summary>
/// <remarks>
/// Weights must be finite and lie in [0, 1] (a tolerance of 1e-4 above 1 absorbs softmax rounding);
/// the drawing maps 0 to white and 1 to the darkest colour, so other ranges would be misleading.
/// </remarks>
public sealed class AlignmentMatrix
{
    private const float UpperTolerance = 1e-4f;
    private readonly float[] _weights;

    /// <summary>Builds a matrix from a rectangular array of shape [outputTokens.Count, sourceTokens.Count].</summary>
    /// <exception cref="ArgumentException">Token lists are empty or hold null, the shape does not match the token counts,
    /// or a weight is not finite or outside [0, 1]; the message names the shape or the offending cell.</exception>
    public AlignmentMatrix(IReadOnlyList<string> sourceTokens, IReadOnlyList<string> outputTokens, float[,] weights, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        (SourceTokens, OutputTokens) = CheckTokens(sourceTokens, outputTokens);
        int rows = weights.GetLength(0), cols = weights.GetLength(1);
        if (rows != OutputTokens.Count || cols != SourceTokens.Count)
            throw new ArgumentException(
                $"weights has shape [{rows}, {cols}] but there are {OutputTokens.Count} output tokens (rows) and {SourceTokens.Count} source tokens (columns).",
                nameof(weights));
        _weights = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                _weights[r * cols + c] = weights[r, c];
        Title = title;
        CheckValues();
    }

    /// <summary>Builds a matrix from one array per output token, each of length sourceTokens.Count.</summary>
    /// <exception cref="ArgumentException">As for the rectangular constructor; a ragged row is named by index and length.</exception>
    public AlignmentMatrix(IReadOnlyList<string> sourceTokens, IReadOnlyList<string> outputTokens, float[][] weights, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        (SourceTokens, OutputTokens) = CheckTokens(sourceTokens, outputTokens);
        if (weights.Length != OutputTokens.Count)
            throw new ArgumentException(
                $"weights has {weights.Length} rows but there are {OutputTokens.Count} output tokens (one row each).", nameof(weights));
        int cols = SourceTokens.Count;
        _weights = new float[weights.Length * cols];
        for (int r = 0; r < weights.Length; r++)
        {
            if (weights[r] is null || weights[r].Length != cols)
                throw new ArgumentException(
                    $"weights row {r} has length {weights[r]?.Length.ToString() ?? "null"} but there are {cols} source tokens (columns).", nameof(weights));
            weights[r].CopyTo(_weights.AsSpan(r * cols, cols));
        }
        Title = title;
        CheckValues();
    }

    private AlignmentMatrix(AlignmentMatrix other, string? title)
    {
        (SourceTokens, OutputTokens, _weights, Title) = (other.SourceTokens, other.OutputTokens, other._weights, title);
    }

    /// <summary>The same weights and tokens under another title (the weights are shared, not copied: they never change).</summary>
    public AlignmentMatrix WithTitle(string? title) => new(this, title);

    /// <summary>Source tokens, drawn as column labels.</summary>
    public IReadOnlyList<string> SourceTokens { get; }

    /// <summary>Output (target) tokens, drawn as row labels.</summary>
    public IReadOnlyList<string> OutputTokens { get; }

    /// <summary>Optional caption drawn above the matrix.</summary>
    public string? Title { get; }

    /// <summary>Number of rows (output tokens).</summary>
    public int Rows => OutputTokens.Count;

    /// <summary>Number of columns (source tokens).</summary>
    public int Columns => SourceTokens.Count;

    /// <summary>Weight of output token <paramref name="row"/> on source token <paramref name="column"/>.</summary>
    public float this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
                throw new ArgumentOutOfRangeException(nameof(row), $"cell [{row}, {column}] is outside the [{Rows}, {Columns}] matrix.");
            return _weights[row * Columns + column];
        }
    }

    /// <summary>The weights of one output token, length <see cref="Columns"/>.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(row), $"row {row} is outside 0..{Rows - 1}.");
        return _weights.AsSpan(row * Columns, Columns);
    }

    private static (IReadOnlyList<string>, IReadOnlyList<string>) CheckTokens(IReadOnlyList<string> source, IReadOnlyList<string> output)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        if (source.Count == 0) throw new ArgumentException("sourceTokens is empty; an alignment needs at least one column.", nameof(source));
        if (output.Count == 0) throw new ArgumentException("outputTokens is empty; an alignment needs at least one row.", nameof(output));
        for (int i = 0; i < source.Count; i++)
            if (source[i] is null) throw new ArgumentException($"sourceTokens[{i}] is null.", nameof(source));
        for (int i = 0; i < output.Count; i++)
            if (output[i] is null) throw new ArgumentException($"outputTokens[{i}] is null.", nameof(output));
        return (source.ToArray(), output.ToArray());
    }

    private void CheckValues()
    {
        // One vectorised pass answers the common case (all fine); the slow scan only runs to name the bad cell.
        if (_weights.Length > 0 && TensorPrimitives.Min(_weights) >= 0f && TensorPrimitives.Max(_weights) <= 1f + UpperTolerance)
            return;
        for (int i = 0; i < _weights.Length; i++)
        {
            float w = _weights[i];
            if (!float.IsFinite(w) || w < 0f || w > 1f + UpperTolerance)
                throw new ArgumentException(
                    $"weights[{i / Columns}, {i % Columns}] = {w.ToString(System.Globalization.CultureInfo.InvariantCulture)} " +
                    $"(output '{OutputTokens[i / Columns]}', source '{SourceTokens[i % Columns]}') is not a weight in [0, 1].", "weights");
        }
    }
}
