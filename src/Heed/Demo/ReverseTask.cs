namespace Heed.Demo;

/// <summary>Target = source backwards: attention runs down the anti-diagonal.</summary>
public sealed class ReverseTask(int symbols = 20, int minLength = 3, int maxLength = 12) : SymbolSequenceTask(symbols, minLength, maxLength)
{
    /// <inheritdoc/>
    public override string Name => "reverse";
    /// <inheritdoc/>
    public override string Description => "reverse a letter sequence (abc → cba)";
    /// <inheritdoc/>
    protected override string Transform(string source)
    {
        var chars = source.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }
}
