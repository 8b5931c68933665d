using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
            new ReadOnlySpan<float>(src, lanes).CopyTo(new Span<float>(dst, w));
            new Span<float>(dst + lanes, w - lanes).Clear();
        }
    }

    /// <summary>
    /// Lanes are rows of the source: transpose 8×8 blocks in registers where AVX allows, and move the leftover
    /// lanes and steps one float at a time. Row-major A and transposed B (x·Wᵀ, the models' linear layers) land here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeLanes(float* src, nint ld, int lanes, int kc, int w, float* dst)
    {
        int vectorLanes = Avx.IsSupported ? lanes / 8 * 8 : 0, vectorSteps = kc / 8 * 8;
        for (int l = 0; l < vectorLanes; l += 8)
            for (int p = 0; p < vectorSteps; p += 8)
                Transpose8x8(src + l * ld + p, ld, dst + (nint)p * w + l, w);
        for (int l = 0; l < lanes; l++)
        {
            float* row = src + l * ld;
            float* lane = dst + l;
            for (int p = l < vectorLanes ? vectorSteps : 0; p < kc; p++) lane[(nint)p * w] = row[p];
        }
        for (int l = lanes; l < w; l++)
            for (int p = 0; p < kc; p++) dst[(nint)p * w + l] = 0;
    }

    /// <summary>dst[j*dstStride + i] = src[i*ld + j] for an 8×8 block: unpack pairs, shuffle quads, swap 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint ld, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + ld);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * ld), r3 = Avx.LoadVector256(src + 3 * ld);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * ld), r5 = Avx.LoadVector256(src + 5 * ld);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * ld), r7 = Avx.LoadVector256(src + 7 * ld);
        // Per 128-bit half: t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3, ... (rows a..h, columns 0..7).
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        // s0 = a0 b0 c0 d0 | a4 b4 c4 d4, s1 = a1 b1 c1 d1 | a5 ..., s4..s7 likewise for rows e..h.
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }
}
