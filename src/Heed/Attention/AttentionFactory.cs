namespace Heed.Attention;

/// <summary>Makes a score-based attention from its configuration name (configs and the CLI).</summary>
public static class AttentionFactory
{
    /// <summary>The valid names: cosine, additive, location, general, dot, scaled_dot.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cosine", "additive", "location", "general", "dot", "scaled_dot"];

    /// <summary>The attention called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">one of <see cref="Names"/></param>
    /// <param name="queryDim">dq</param>
    /// <param name="keyDim">dk (must equal dq for cosine, dot and scaled_dot)</param>
    /// <param name="random">initialiser for the parameters (additive, location, general)</param>
    /// <param name="hiddenDim">additive: n, the score's hidden size; 0 means dk</param>
    /// <param name="maxSourceLength">location: L, the longest source it can attend to</param>
    /// <exception cref="ArgumentException">an unknown name (the message lists the valid ones) or sizes that do not fit.</exception>
    public static Attention Create(string name, int queryDim, int keyDim, Random random, int hiddenDim = 0, int maxSourceLength = 100)
    {
        string key = name.Trim().ToLowerInvariant();
        if (key is "cosine" or "dot" or "scaled_dot" && queryDim != keyDim)
            throw new ArgumentException($"Attention '{name}' needs queries and keys of one size; got dq = {queryDim}, dk = {keyDim} (use 'general' or 'additive').", nameof(keyDim));
        return key switch
        {
            "cosine" => new CosineAttention(queryDim),
            "additive" => new AdditiveAttention(queryDim, keyDim, hiddenDim > 0 ? hiddenDim : keyDim, random),
            "location" => new LocationAttention(queryDim, keyDim, maxSourceLength, random),
            "general" => new GeneralAttention(queryDim, keyDim, random),
            "dot" => new DotAttention(queryDim),
            "scaled_dot" => new ScaledDotAttention(queryDim),
            _ => throw new ArgumentException($"Unknown attention '{name}'; valid names: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
