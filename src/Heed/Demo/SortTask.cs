namespace Heed.Demo;

/// <summary>Target = source's letters in alphabetical order: each output letter attends to where that letter stands.</summary>
public sealed class SortTask(int symbols = 20, int minLength = 3, int maxLength = 12) : SymbolSequenceTask(symbols, minLength, maxLength)
{
    /// <inheritdoc/>
    public override string Name => "sort";
    /// <inheritdoc/>
    public override string Description => "sort the letters of a sequence (cab → abc)";
    /// <inheritdoc/>
    protected override string Transform(string source)
    {
        var chars = source.ToCharArray();
        Array.Sort(chars);
        return new string(chars);
    }
}
