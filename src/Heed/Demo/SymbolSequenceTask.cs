namespace Heed.Demo;

/// <summary>
/// Tasks over random strings of lower-case letters (one character per symbol, no spaces), whose target is a fixed
/// rearrangement of the source: the attention each needs is easy to predict, which makes them good first pictures.
/// </summary>
public abstract class SymbolSequenceTask : DemoTask
{
    /// <param name="symbols">alphabet size, 2..26 (the first letters a, b, c, …)</param>
    /// <param name="minLength">shortest sequence, at least 1</param>
    /// <param name="maxLength">longest sequence, at least <paramref name="minLength"/></param>
    /// <exception cref="ArgumentOutOfRangeException">a size outside those ranges</exception>
    protected SymbolSequenceTask(int symbols, int minLength, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(symbols, 26);
        ArgumentOutOfRangeException.ThrowIfLessThan(minLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, minLength);
        Symbols = symbols; MinLength = minLength; MaxLength = maxLength;
    }

    /// <summary>How many distinct letters the sequences use.</summary>
    public int Symbols { get; }
    /// <summary>The shortest sequence length.</summary>
    public int MinLength { get; }
    /// <summary>The longest sequence length.</summary>
    public int MaxLength { get; }

    /// <summary>The target for a source sequence.</summary>
    protected abstract string Transform(string source);

    /// <inheritdoc />
    public override (string Source, string Target) Sample(Random random)
    {
        var chars = new char[random.Next(MinLength, MaxLength + 1)];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)('a' + random.Next(Symbols));
        string source = new(chars);
        return (source, Transform(source));
    }

    /// <inheritdoc />
    public override DemoSettings Settings => new(
        TrainPairs: 10_000, DevPairs: 200, TestPairs: 1000, Embedding: 32, Hidden: 64, BatchSentences: 64, Steps: 3000,
        LearningRate: 0.003, ValidateEvery: 500);
}
