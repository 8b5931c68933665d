namespace Heed.Tensors.Nn;

/// <summary>Seeded parameter initialisers (the same seed gives the same model).</summary>
public static class Init
{
    /// <summary>A parameter of the given shape drawn from U(−bound, bound).</summary>
    public static Tensor Uniform(Random random, float bound, params int[] shape)
    {
        var data = new float[ShapeOf.Count(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = (2 * random.NextSingle() - 1) * bound;
        return Tensor.Parameter(data, shape);
    }

    /// <summary>A parameter of the given shape drawn from N(0, std²) (Box–Muller).</summary>
    public static Tensor Normal(Random random, float std, params int[] shape)
    {
        var data = new float[ShapeOf.Count(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            data[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return Tensor.Parameter(data, shape);
    }

    /// <summary>A parameter filled with a constant.</summary>
    public static Tensor Constant(float value, params int[] shape)
    {
        var data = new float[ShapeOf.Count(shape)];
        Array.Fill(data, value);
        return Tensor.Parameter(data, shape);
    }
}
