using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Heed.Tensors.Kernels;

/// <summary>
/// GEMM with very few rows of C (a decoder step for one sentence is [1 × d]·[d × n]): packing B would cost as much as
/// the product and an MR-row tile would be mostly padding, so each row of B is used straight from memory, once.
/// </summary>
internal static unsafe class GemmSkinny
{
    /// <summary>At most this many rows of C take the direct path.</summary>
    public const int MaxRows = 4;

    /// <summary>Computes columns [j0, j1) of every row of C (m ≤ <see cref="MaxRows"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Columns(in GemmProblem p, int j0, int j1)
    {
        int m = p.M, k = p.K, width = j1 - j0;
        float* a = p.A;
        nint lda = p.Lda;
        if (p.TransA)
        {
            // Gather the m rows of op(A) (strided columns of A) into the idle packing buffer.
            a = GemmScratch.ForCurrentThread().A(m * k);
            lda = k;
            for (int i = 0; i < m; i++)
                for (int q = 0; q < k; q++) a[i * k + q] = p.A[q * p.Lda + i];
        }

        if (p.TransB)
        {
            // Column j of op(B) is row j of B: contiguous dot products, row j reused from L1 by all m rows of C.
            for (int j = j0; j < j1; j++)
            {
                var bRow = new ReadOnlySpan<float>(p.B + j * p.Ldb, k);
                for (int i = 0; i < m; i++)
                {
                    float dot = p.Alpha * TensorPrimitives.Dot(new ReadOnlySpan<float>(a + i * lda, k), bRow);
                    float* c = p.C + i * p.Ldc + j;
                    *c = p.Beta == 0 ? dot : dot + p.Beta * *c;
                }
            }
            return;
        }

        for (int i = 0; i < m; i++)
        {
            var cRow = new Span<float>(p.C + i * p.Ldc + j0, width);
            if (p.Beta == 0) cRow.Clear();
            else TensorPrimitives.Multiply(cRow, p.Beta, cRow);
        }
        // C[i, :] += (alpha * op(A)[i, q]) * B[q, :], with row q of B reused from L1 by all m rows of C.
        for (int q = 0; q < k; q++)
        {
            var bRow = new ReadOnlySpan<float>(p.B + q * p.Ldb + j0, width);
            for (int i = 0; i < m; i++)
            {
                var cRow = new Span<float>(p.C + i * p.Ldc + j0, width);
                TensorPrimitives.MultiplyAdd(bRow, p.Alpha * a[i * lda + q], cRow, cRow);
            }
        }
    }
}
