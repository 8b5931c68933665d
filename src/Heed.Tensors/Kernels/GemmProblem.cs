namespace Heed.Tensors.Kernels;

/// <summary>One validated GEMM call, as raw pointers so it can be handed to worker threads.</summary>
internal readonly unsafe struct GemmProblem(
    bool transA, bool transB, int m, int n, int k, float alpha,
    float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
{
    public readonly bool TransA = transA, TransB = transB;
    public readonly int M = m, N = n, K = k;
    public readonly float Alpha = alpha, Beta = beta;
    public readonly float* A = a, B = b, C = c;
    public readonly nint Lda = lda, Ldb = ldb, Ldc = ldc;

    public double Flops => 2.0 * M * N * K;
}
