namespace Heed.Demo;

/// <summary>What a demo run measured and wrote.</summary>
/// <param name="Task">the task's name</param>
/// <param name="ExactMatch">fraction of held-out pairs translated exactly right, in [0, 1]</param>
/// <param name="Examples">every held-out pair with the model's output, in generation order</param>
/// <param name="OutDir">the output folder (full path)</param>
/// <param name="ModelDir">the trained model inside it, loadable by <see cref="Io.ModelDirectory"/></param>
/// <param name="Pictures">the alignment files written (SVG, PNG, the HTML page), full paths</param>
public sealed record DemoResult(string Task, double ExactMatch, IReadOnlyList<DemoExample> Examples, string OutDir, string ModelDir,
    IReadOnlyList<string> Pictures);
