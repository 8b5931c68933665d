using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Heed.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded panel layout the micro-kernels stream through.
/// Transposition is absorbed here, so the kernels see one layout for all four transpose combinations.
/// </summary>
/// <remarks>
/// A panel of width <c>w</c> over <c>kc</c> steps is stored step by step: for each p, <c>w</c> consecutive values
/// (w rows of op(A), or w columns of op(B)). Lanes past the matrix edge are zero so the kernel can always run full tiles.
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs the logical block X[x0 .. x0+count, p0 .. p0+kc] into ⌈count/w⌉ panels at <paramref name="dst"/>.
    /// Element X[x, p] lives at <c>src[p*ld + x]</c> when <paramref name="kMajor"/> (the panel's lanes are contiguous
    /// in memory), else at <c>src[x*ld + p]</c> (the block has to be transposed on the way).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the slow first JIT tier
    public static void PackPanels(float* src, nint ld, bool kMajor, int x0, int count, int p0, int kc, int w, float* dst)
    {
        for (int x = 0; x < count; x += w)
        {
            int lanes = Math.Min(w, count - x);
            if (kMajor)
                CopyLanes(src + (nint)p0 * ld + x0 + x, ld, lanes, kc, w, dst);
            else
                TransposeLanes(src + (nint)(x0 + x) * ld + p0, ld, lanes, kc, w, dst);
            dst += (nint)w * kc;
        }
    }

    /// <summary>Lanes are contiguous: each step is one short row copy (the common, cheap case).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyLanes(float* src, nint ld, int lanes, int kc, int w, float* dst)
    {
        if (lanes == 32 && w == 32 && Vector512.IsHardwareAccelerated)
        {
            for (int p = 0; p < kc; p++, src += ld, dst += 32)
            {
                Vector512.Store(Vector512.Load(src), dst);
                Vector512.Store(Vector512.Load(src + 16), dst + 16);
            }
            return;
        }
        for (int p = 0; p < kc; p++, src += ld, dst += w)
        {
            int l = 0;
            for (; l < lanes; l++) dst[l] = src[l];
            for (; l < w; l++) dst[l] = 0;
        }
    }

    /// <summary>
    /// Lanes are rows of the source: read each source row sequentially and scatter it into its lane, so every cache
    /// line of the source is touched once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeLanes(float* src, nint ld, int lanes, int kc, int w, float* dst)
    {
        int l = 0;
        for (; l < lanes; l++)
        {
            float* row = src + l * ld;
            float* lane = dst + l;
            for (int p = 0; p < kc; p++) lane[(nint)p * w] = row[p];
        }
        for (; l < w; l++)
            for (int p = 0; p < kc; p++) dst[(nint)p * w + l] = 0;
    }
}
