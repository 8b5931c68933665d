namespace Heed.Demo;

/// <summary>Target = source: attention runs down the diagonal.</summary>
public sealed class CopyTask(int symbols = 20, int minLength = 3, int maxLength = 12) : SymbolSequenceTask(symbols, minLength, maxLength)
{
    /// <inheritdoc/>
    public override string Name => "copy";
    /// <inheritdoc/>
    public override string Description => "copy a letter sequence (abc → abc)";
    /// <inheritdoc/>
    protected override string Transform(string source) => source;
}
