namespace Heed.Demo;

/// <summary>What <see cref="PointerDemoRun.Run"/> measured and wrote.</summary>
/// <param name="Task">the task's name</param>
/// <param name="Steps">training batches run</param>
/// <param name="TrainingSeconds">wall-clock training time</param>
/// <param name="Curve">learning-curve points</param>
/// <param name="Tests">one result per held-out size</param>
/// <param name="OutDir">the output folder (full path)</param>
/// <param name="ModelFile">the saved network (<see cref="Pointer.PointerCheckpoint.Load"/>)</param>
/// <param name="Pictures">the SVG, PNG and HTML files written</param>
public sealed record PointerDemoResult(string Task, int Steps, double TrainingSeconds, IReadOnlyList<PointerCurvePoint> Curve,
    IReadOnlyList<PointerTestResult> Tests, string OutDir, string ModelFile, IReadOnlyList<string> Pictures);
