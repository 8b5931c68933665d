namespace Heed.Tensors.Optim;

/// <summary>
/// PyTorch's ReduceLROnPlateau in "min" mode with a relative threshold: after each evaluation, a metric below
/// best · (1 − threshold) is an improvement; after more than <see cref="Patience"/> evaluations in a row without one,
/// lr ← max(lr · factor, minLr) and the count restarts. Its state is exportable like an optimiser's.
/// </summary>
public sealed class PlateauLr
{
    /// <summary>Multiplies the rate at each decay, in (0, 1).</summary>
    public float Factor { get; }
    /// <summary>Evaluations in a row without improvement tolerated before a decay.</summary>
    public int Patience { get; }
    /// <summary>The rate never decays below this.</summary>
    public float MinRate { get; }
    /// <summary>Relative improvement over <see cref="Best"/> a metric needs to count as better.</summary>
    public float Threshold { get; }

    /// <summary>The current learning rate.</summary>
    public float Rate { get; private set; }

    /// <summary>The best (lowest) metric seen, +∞ before the first.</summary>
    public float Best { get; private set; } = float.PositiveInfinity;

    /// <summary>Evaluations in a row without improvement.</summary>
    public int BadEvaluations { get; private set; }

    /// <param name="initialRate">lr before any decay</param>
    /// <param name="factor">decay factor in (0, 1)</param>
    /// <param name="patience">evaluations without improvement tolerated before a decay (≥ 0)</param>
    /// <param name="minRate">lower bound of lr (≥ 0)</param>
    /// <param name="threshold">relative improvement that counts (≥ 0; PyTorch's default 1e-4)</param>
    public PlateauLr(float initialRate, float factor = 0.1f, int patience = 10, float minRate = 0f, float threshold = 1e-4f)
    {
        if (!(initialRate >= 0) || !float.IsFinite(initialRate)) throw new ArgumentOutOfRangeException(nameof(initialRate), $"PlateauLr: initial rate {initialRate} must be finite and ≥ 0.");
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), $"PlateauLr: factor {factor} must be in (0, 1).");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), $"PlateauLr: patience {patience} must be ≥ 0.");
        if (!(minRate >= 0)) throw new ArgumentOutOfRangeException(nameof(minRate), $"PlateauLr: min rate {minRate} must be ≥ 0.");
        if (!(threshold >= 0)) throw new ArgumentOutOfRangeException(nameof(threshold), $"PlateauLr: threshold {threshold} must be ≥ 0.");
        Rate = initialRate;
        Factor = factor;
        Patience = patience;
        MinRate = minRate;
        Threshold = threshold;
    }

    /// <summary>Records one evaluation (lower is better) and returns the learning rate to use from now on.</summary>
    /// <exception cref="ArgumentException">when the metric is NaN or infinite.</exception>
    public float Observe(float metric)
    {
        if (!float.IsFinite(metric)) throw new ArgumentException($"PlateauLr: metric {metric} is not finite.", nameof(metric));
        if (metric < Best * (1 - Threshold)) { Best = metric; BadEvaluations = 0; }
        else BadEvaluations++;
        if (BadEvaluations > Patience)
        {
            Rate = Math.Max(Rate * Factor, MinRate);
            BadEvaluations = 0;
        }
        return Rate;
    }

    /// <summary>The state as entries "plateau.rate", "plateau.best", "plateau.bad", each of shape [1].</summary>
    public IReadOnlyList<(string Name, float[] Data, int[] Shape)> ExportState() =>
        [("plateau.rate", [Rate], [1]), ("plateau.best", [Best], [1]), ("plateau.bad", [BadEvaluations], [1])];

    /// <summary>Restores what <see cref="ExportState"/> wrote.</summary>
    /// <exception cref="ArgumentException">naming a missing or malformed entry.</exception>
    public void ImportState(IReadOnlyList<(string Name, float[] Data, int[] Shape)> state)
    {
        float Get(string name)
        {
            var entry = state.FirstOrDefault(e => e.Name == name);
            if (entry.Data is not { Length: 1 }) throw new ArgumentException($"PlateauLr state has no one-value entry '{name}'.");
            return entry.Data[0];
        }
        float rate = Get("plateau.rate"), best = Get("plateau.best"), bad = Get("plateau.bad");
        if (!(rate >= 0) || float.IsNaN(best) || !(bad >= 0) || bad != MathF.Floor(bad))
            throw new ArgumentException($"PlateauLr state is malformed: rate {rate}, best {best}, bad evaluations {bad}.");
        (Rate, Best, BadEvaluations) = (rate, best, (int)bad);
    }
}
