namespace Heed.Data;

/// <summary>How large a batch may grow: by padded tokens (B * max(S, T)) or by sentence count.</summary>
public readonly record struct BatchLimit
{
    private BatchLimit(int maxTokens, int maxSentences)
    {
        MaxTokens = maxTokens;
        MaxSentences = maxSentences;
    }

    /// <summary>Largest padded size B * max(S, T); int.MaxValue when limited by sentences.</summary>
    public int MaxTokens { get; }

    /// <summary>Largest B; int.MaxValue when limited by tokens.</summary>
    public int MaxSentences { get; }

    /// <summary>Batches whose padded size B * max(S, T) stays within <paramref name="maxTokens"/>; a single longer pair gets a batch of its own.</summary>
    public static BatchLimit Tokens(int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        return new BatchLimit(maxTokens, int.MaxValue);
    }

    /// <summary>Batches of <paramref name="count"/> sentences (the last one may be smaller), as the PyTorch tutorial does.</summary>
    public static BatchLimit Sentences(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new BatchLimit(int.MaxValue, count);
    }

    internal bool Allows(int sentences, int longest) =>
        sentences <= MaxSentences && (long)sentences * longest <= MaxTokens;
}
