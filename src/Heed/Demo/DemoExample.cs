namespace Heed.Demo;

/// <summary>One held-out pair with what the model made of it.</summary>
/// <param name="Source">the generated input</param>
/// <param name="Expected">the generated target</param>
/// <param name="Output">the model's greedy translation, with its attention weights</param>
public sealed record DemoExample(string Source, string Expected, Translation.Translation Output)
{
    /// <summary>Whether the output equals the target exactly.</summary>
    public bool Correct => Output.Text == Expected;
}
