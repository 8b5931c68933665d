using Heed.Tensors;

namespace Heed.Tests.Optim;

/// <summary>Parameters with hand-set gradients, so optimiser arithmetic can be checked without a model.</summary>
internal static class OptimTestData
{
    public static Tensor Parameter(string name, params float[] values) => Tensor.Parameter(values, [values.Length], name);

    /// <summary>Replaces the gradient of <paramref name="p"/> with <paramref name="grad"/>.</summary>
    public static void SetGrad(Tensor p, params float[] grad)
    {
        var g = p.GradForAccumulation();
        grad.CopyTo(g);
    }
}
