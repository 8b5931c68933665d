namespace Heed.Tensors.Kernels;

/// <summary>Shape checks shared by every GEMM entry point, so a bad call fails before any pointer is formed.</summary>
internal static class GemmArguments
{
    public static void Check(bool transA, bool transB, int m, int n, int k, int lda, int ldb, int ldc,
        int aLength, int bLength, int cLength, int batch, long strideA, long strideB, long strideC)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"GEMM sizes must be non-negative, got m={m}, n={n}, k={k}.");
        if (batch < 0)
            throw new ArgumentException($"GEMM batch must be non-negative, got batch={batch}.", nameof(batch));
        if (strideA < 0 || strideB < 0 || strideC < 0)
            throw new ArgumentException(
                $"GEMM batch strides must be non-negative, got strideA={strideA}, strideB={strideB}, strideC={strideC}.");

        long needA = Operand("A", transA ? k : m, transA ? m : k, lda, transA ? "m" : "k", nameof(lda));
        long needB = Operand("B", transB ? n : k, transB ? k : n, ldb, transB ? "k" : "n", nameof(ldb));
        long needC = Operand("C", m, n, ldc, "n", nameof(ldc));
        if (batch == 0) return;
        if (batch > 1 && strideC < needC && needC > 0)
            throw new ArgumentException(
                $"GEMM strideC={strideC} is smaller than one C matrix ({m}x{n}, ldc={ldc}, {needC} floats): outputs would overlap.",
                nameof(strideC));
        Fits("A", needA, strideA, batch, aLength);
        Fits("B", needB, strideB, batch, bLength);
        Fits("C", needC, strideC, batch, cLength);
    }

    /// <summary>Checks the leading dimension of a rows×cols operand and returns the floats it spans (0 when empty).</summary>
    private static long Operand(string name, int rows, int cols, int ld, string colsName, string ldName)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException(
                $"GEMM {ldName}={ld} is smaller than the {cols} columns ({colsName}) of {name} as stored ({rows}x{cols}).",
                ldName);
        return rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
    }

    private static void Fits(string name, long need, long stride, int batch, int length)
    {
        if (need == 0) return;
        long end = (batch - 1) * stride + need;
        if (end > length)
            throw new ArgumentException(
                $"GEMM {name} span holds {length} floats but the shape needs {end}" +
                (batch > 1 ? $" ({batch} matrices of {need} floats, stride {stride})." : "."),
                name.ToLowerInvariant());
    }
}
