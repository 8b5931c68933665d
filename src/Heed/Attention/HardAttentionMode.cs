namespace Heed.Attention;

/// <summary>How hard attention picks its one key from the soft weights.</summary>
public enum HardAttentionMode
{
    /// <summary>The key of largest weight (the first one on a tie).</summary>
    Argmax,

    /// <summary>A key drawn from the soft weights as a distribution, from a seeded generator.</summary>
    Sample,
}
