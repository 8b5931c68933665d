using System.Globalization;

namespace Heed.Pointer;

/// <summary>Sorting (Vinyals et al. 2015, section 4.4): n numbers from U(0, 1); the answer is their indices in ascending order of value.</summary>
public sealed class SortProblem : IPointerProblem
{
    /// <inheritdoc/>
    public string Name => "sort-pointer";

    /// <inheritdoc/>
    public int Dim => 1;

    /// <inheritdoc/>
    public PointerExample Sample(Random random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = random.NextSingle();
        return new PointerExample(values, count, 1, SortedIndices(values));
    }

    /// <summary>The indices of <paramref name="values"/> in ascending order of value (ties by index).</summary>
    public static int[] SortedIndices(IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
    }

    /// <inheritdoc/>
    public string Label(PointerExample example, int i) => example.Inputs[i].ToString("0.00", CultureInfo.InvariantCulture);
}
