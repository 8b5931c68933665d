namespace Heed.Demo;

/// <summary>A pointer network's score on one held-out set.</summary>
/// <param name="N">input elements per example</param>
/// <param name="Sets">examples</param>
/// <param name="GreedyExact">fraction answered exactly right by greedy decoding</param>
/// <param name="GreedyCoverage">hull only: mean area coverage (<see cref="Pointer.Polygon.Coverage"/>), else null</param>
/// <param name="GreedyFailures">hull only: answers that are not a simple polygon</param>
/// <param name="Beam">beam width, or null when only greedy was run</param>
/// <param name="BeamExact">as GreedyExact, with beam search</param>
/// <param name="BeamCoverage">as GreedyCoverage, with beam search</param>
/// <param name="BeamFailures">as GreedyFailures, with beam search</param>
public sealed record PointerTestResult(int N, int Sets, double GreedyExact, double? GreedyCoverage, int? GreedyFailures,
    int? Beam, double? BeamExact, double? BeamCoverage, int? BeamFailures);
