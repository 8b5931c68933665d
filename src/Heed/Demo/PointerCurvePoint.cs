namespace Heed.Demo;

/// <summary>One point of a pointer network's learning curve.</summary>
/// <param name="Step">training batches so far</param>
/// <param name="TrainLoss">mean training cross-entropy since the last point</param>
/// <param name="DevExact">greedy exact-sequence accuracy on a fixed held-out set of the largest training n</param>
/// <param name="Seconds">training time so far</param>
public sealed record PointerCurvePoint(int Step, double TrainLoss, double DevExact, double Seconds);
