namespace Heed.Demo;

/// <summary>What <see cref="NtmCopyRun.Run"/> measured and wrote.</summary>
/// <param name="Curve">the learning curve, one point per evaluation</param>
/// <param name="Tests">bits of error per sequence at each held-out length</param>
/// <param name="TrainingSeconds">wall-clock training time</param>
/// <param name="OutDir">the output folder (full path)</param>
/// <param name="ModelFile">the saved machine (<see cref="Memory.NtmCheckpoint.Load"/>)</param>
/// <param name="Pictures">the SVG, PNG and HTML files written</param>
public sealed record NtmCopyResult(IReadOnlyList<NtmCurvePoint> Curve, IReadOnlyList<NtmLengthResult> Tests, double TrainingSeconds,
    string OutDir, string ModelFile, IReadOnlyList<string> Pictures);

/// <summary>One point of the copy learning curve.</summary>
/// <param name="Step">training batches so far</param>
/// <param name="TrainBits">mean bits of error per sequence over the training batches since the last point</param>
/// <param name="HeldOutBits">bits of error per sequence on a fixed held-out batch of the longest training length</param>
/// <param name="Seconds">training time so far</param>
public sealed record NtmCurvePoint(int Step, double TrainBits, double HeldOutBits, double Seconds);

/// <summary>The copy error at one held-out length.</summary>
/// <param name="Length">vectors per sequence</param>
/// <param name="BitsPerSequence">mean bits wrong per sequence</param>
public sealed record NtmLengthResult(int Length, double BitsPerSequence);
