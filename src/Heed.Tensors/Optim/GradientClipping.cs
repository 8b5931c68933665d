namespace Heed.Tensors.Optim;

/// <summary>Gradient clipping by global norm (PyTorch's <c>clip_grad_norm_</c> with the 2-norm).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Computes the 2-norm of all gradients taken together and, when it exceeds <paramref name="maxNorm"/>, scales
    /// every gradient by maxNorm / (norm + 1e-6). Parameters without a gradient are skipped.
    /// </summary>
    /// <returns>the total norm before clipping</returns>
    /// <exception cref="ArgumentOutOfRangeException">when maxNorm is not positive.</exception>
    /// <exception cref="InvalidOperationException">when a gradient holds NaN or ∞, naming the parameter.</exception>
    public static float ClipNorm(IEnumerable<Tensor> parameters, float maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), $"ClipNorm: maxNorm {maxNorm} must be > 0.");
        var grads = new List<Tensor>();
        double sumSquares = 0;
        foreach (var p in parameters)
        {
            if (!p.RequiresGrad || p.Grad is not { } g) continue;
            double s = SumOfSquares(g);
            if (!double.IsFinite(s))
                throw new InvalidOperationException($"ClipNorm: the gradient of parameter {p.Describe()} is not finite (NaN or ∞).");
            sumSquares += s;
            grads.Add(g);
        }
        double total = Math.Sqrt(sumSquares);
        double coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1)
            foreach (var g in grads)
                Parallelism.ForRangesIfLarge(g.Length, g.Length, (start, end, _) =>
                    System.Numerics.Tensors.TensorPrimitives.Multiply(g.Span[start..end], (float)coefficient, g.Span[start..end]));
        return (float)total;
    }

    /// <summary>Σ g², over every thread for a large gradient: per-range partial sums added in range order, so the value
    /// repeats exactly for the same thread count (and equals the one-range sum on one thread).</summary>
    private static double SumOfSquares(Tensor g)
    {
        var partial = new double[Parallelism.RangeCount(g.Length)];
        Parallelism.ForRangesIfLarge(g.Length, g.Length, (start, end, part) =>
            partial[part] = System.Numerics.Tensors.TensorPrimitives.SumOfSquares(g.Span[start..end]));
        double sum = 0;
        foreach (double p in partial) sum += p;
        return sum;
    }
}
