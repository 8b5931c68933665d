using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Heed.Tensors.Kernels;

/// <summary>Which register-blocked micro-kernel the driver runs; the widest the hardware accelerates is the default.</summary>
internal enum GemmPath
{
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

/// <summary>
/// Register-blocked micro-kernels: each computes one MR×NR tile of C from a packed A panel (kc steps of MR values)
/// and a packed B panel (kc steps of NR values), then writes <c>C = alpha * tile + beta * C</c>
/// (with beta == 0, C is overwritten without being read, so NaN there cannot leak through).
/// </summary>
internal static unsafe class GemmMicroKernels
{
    public static GemmPath Best =>
        Vector512.IsHardwareAccelerated ? GemmPath.Vector512
        : Vector256.IsHardwareAccelerated ? GemmPath.Vector256
        : Vector128.IsHardwareAccelerated ? GemmPath.Vector128
        : GemmPath.Scalar;

    /// <summary>Tile rows (MR) and columns (NR) of the kernel for <paramref name="path"/>.</summary>
    public static (int Mr, int Nr) Shape(GemmPath path) => path switch
    {
        GemmPath.Vector512 => (14, 32),
        GemmPath.Vector256 => (6, 16),
        GemmPath.Vector128 => (6, 8),
        _ => (4, 4),
    };

    /// <summary>Runs the kernel of <paramref name="path"/> on full panels; <paramref name="c"/> must hold an MR×NR tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(GemmPath path, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        switch (path)
        {
            case GemmPath.Vector512: Kernel512x14(kc, a, b, c, ldc, alpha, beta); break;
            case GemmPath.Vector256: Kernel256x6(kc, a, b, c, ldc, alpha, beta); break;
            case GemmPath.Vector128: Kernel128x6(kc, a, b, c, ldc, alpha, beta); break;
            default: KernelScalar4x4(kc, a, b, c, ldc, alpha, beta); break;
        }
    }

    /// <summary>
    /// 14x32 tile on Vector512: 28 accumulators + 2 B vectors + 1 broadcast use all 32 zmm registers (the JIT keeps
    /// them all in registers: no spills in the loop). 28 FMAs per 16 loads keeps Zen 5's two FMA pipes busy;
    /// 6x32, 8x32 and 12x32 measured the same within this shared machine's noise, 14 reuses each B load most.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the slow first JIT tier
    private static void Kernel512x14(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        // C rows are ldc apart (often a multiple of 4 KiB, so they also collide in L1): start fetching the tile now so
        // it has arrived by the time the k loop ends and it is read and written.
        if (Sse.IsSupported)
            for (int r = 0; r < 14; r++)
            {
                Sse.Prefetch0(c + r * ldc);
                Sse.Prefetch0(c + r * ldc + 16);
            }
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        Vector512<float> c100 = default, c101 = default;
        Vector512<float> c110 = default, c111 = default;
        Vector512<float> c120 = default, c121 = default;
        Vector512<float> c130 = default, c131 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16);
            Vector512<float> ar;
            ar = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(ar, b0, c00); c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(ar, b0, c10); c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(ar, b0, c20); c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(ar, b0, c30); c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(ar, b0, c40); c41 = Vector512.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(ar, b0, c50); c51 = Vector512.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(ar, b0, c60); c61 = Vector512.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(ar, b0, c70); c71 = Vector512.FusedMultiplyAdd(ar, b1, c71);
            ar = Vector512.Create(a[8]); c80 = Vector512.FusedMultiplyAdd(ar, b0, c80); c81 = Vector512.FusedMultiplyAdd(ar, b1, c81);
            ar = Vector512.Create(a[9]); c90 = Vector512.FusedMultiplyAdd(ar, b0, c90); c91 = Vector512.FusedMultiplyAdd(ar, b1, c91);
            ar = Vector512.Create(a[10]); c100 = Vector512.FusedMultiplyAdd(ar, b0, c100); c101 = Vector512.FusedMultiplyAdd(ar, b1, c101);
            ar = Vector512.Create(a[11]); c110 = Vector512.FusedMultiplyAdd(ar, b0, c110); c111 = Vector512.FusedMultiplyAdd(ar, b1, c111);
            ar = Vector512.Create(a[12]); c120 = Vector512.FusedMultiplyAdd(ar, b0, c120); c121 = Vector512.FusedMultiplyAdd(ar, b1, c121);
            ar = Vector512.Create(a[13]); c130 = Vector512.FusedMultiplyAdd(ar, b0, c130); c131 = Vector512.FusedMultiplyAdd(ar, b1, c131);
            a += 14;
            b += 32;
        }
        StoreRow512(c + 0 * ldc, c00, c01, alpha, beta);
        StoreRow512(c + 1 * ldc, c10, c11, alpha, beta);
        StoreRow512(c + 2 * ldc, c20, c21, alpha, beta);
        StoreRow512(c + 3 * ldc, c30, c31, alpha, beta);
        StoreRow512(c + 4 * ldc, c40, c41, alpha, beta);
        StoreRow512(c + 5 * ldc, c50, c51, alpha, beta);
        StoreRow512(c + 6 * ldc, c60, c61, alpha, beta);
        StoreRow512(c + 7 * ldc, c70, c71, alpha, beta);
        StoreRow512(c + 8 * ldc, c80, c81, alpha, beta);
        StoreRow512(c + 9 * ldc, c90, c91, alpha, beta);
        StoreRow512(c + 10 * ldc, c100, c101, alpha, beta);
        StoreRow512(c + 11 * ldc, c110, c111, alpha, beta);
        StoreRow512(c + 12 * ldc, c120, c121, alpha, beta);
        StoreRow512(c + 13 * ldc, c130, c131, alpha, beta);
    }

    /// <summary>Most rows an edge tile may have to take <see cref="RunFewRows"/> instead of the full kernel, per path.</summary>
    public static int FewRows(GemmPath path) => path switch
    {
        GemmPath.Vector512 => 4,
        GemmPath.Vector256 => 4,
        _ => 0,
    };

    /// <summary>
    /// An edge tile of few rows: the full kernel would spend most of its FMAs on padding. m = 128 leaves 2 rows after
    /// nine 14-row tiles on the Vector512 path (a 4×32 kernel) and after twenty-one 6-row tiles on the Vector256 path
    /// (a 3×16 kernel: 6 accumulators still cover the FMA latency that 4 would not); m = 64, each thread's half of a
    /// decoding batch, leaves 4 rows after ten 6-row tiles (a 4×16 kernel). Reads rows [0, rows) of an A panel
    /// packed MR wide and writes an MR×NR tile at <paramref name="c"/>; false when the path has no such kernel or
    /// <paramref name="rows"/> is above its <see cref="FewRows"/> (the caller then runs the full one).
    /// </summary>
    public static bool RunFewRows(GemmPath path, int rows, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        if (rows > FewRows(path)) return false;
        if (path == GemmPath.Vector512) Kernel512x4(kc, a, b, c, ldc, alpha, beta);
        else if (rows == 4) Kernel256x4(kc, a, b, c, ldc, alpha, beta);
        else Kernel256x3(kc, a, b, c, ldc, alpha, beta);
        return true;
    }

    /// <summary>4×32 tile from a 14-wide A panel (rows 4..13 of the panel are not read); C rows 0..3 written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512x4(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16);
            Vector512<float> ar;
            ar = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(ar, b0, c00); c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(ar, b0, c10); c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(ar, b0, c20); c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(ar, b0, c30); c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            a += 14;
            b += 32;
        }
        StoreRow512(c, c00, c01, alpha, beta);
        StoreRow512(c + ldc, c10, c11, alpha, beta);
        StoreRow512(c + 2 * ldc, c20, c21, alpha, beta);
        StoreRow512(c + 3 * ldc, c30, c31, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow512(float* c, Vector512<float> v0, Vector512<float> v1, float alpha, float beta)
    {
        Vector512<float> va = Vector512.Create(alpha);
        if (beta == 0)
        {
            Vector512.Store(v0 * va, c);
            Vector512.Store(v1 * va, c + 16);
        }
        else
        {
            Vector512<float> vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(v0, va, Vector512.Load(c) * vb), c);
            Vector512.Store(Vector512.FusedMultiplyAdd(v1, va, Vector512.Load(c + 16) * vb), c + 16);
        }
    }

    /// <summary>6x16 tile on Vector256: 12 accumulators + 2 B vectors + 1 broadcast fit the 16 ymm registers of AVX2 (a
    /// condition that is not a JIT-time constant in the loop costs a register: one test made it spill and run at 40%).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256x6(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            // Each step reads one 64-byte line of B, and at KC = 1024 the 64 KiB panel does not fit Zen 1's 32 KiB L1:
            // fetch the line 16 steps ahead (+2-4% at n = 1024/2048 there; 128 and 512 floats ahead measured the same).
            if (Sse.IsSupported) Sse.Prefetch0(b + 256);
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
            Vector256<float> ar;
            ar = Vector256.Create(a[0]); c00 = Vector256.FusedMultiplyAdd(ar, b0, c00); c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]); c10 = Vector256.FusedMultiplyAdd(ar, b0, c10); c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]); c20 = Vector256.FusedMultiplyAdd(ar, b0, c20); c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]); c30 = Vector256.FusedMultiplyAdd(ar, b0, c30); c31 = Vector256.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector256.Create(a[4]); c40 = Vector256.FusedMultiplyAdd(ar, b0, c40); c41 = Vector256.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector256.Create(a[5]); c50 = Vector256.FusedMultiplyAdd(ar, b0, c50); c51 = Vector256.FusedMultiplyAdd(ar, b1, c51);
            a += 6;
            b += 16;
        }
        StoreRow256(c, c00, c01, alpha, beta);
        StoreRow256(c + ldc, c10, c11, alpha, beta);
        StoreRow256(c + 2 * ldc, c20, c21, alpha, beta);
        StoreRow256(c + 3 * ldc, c30, c31, alpha, beta);
        StoreRow256(c + 4 * ldc, c40, c41, alpha, beta);
        StoreRow256(c + 5 * ldc, c50, c51, alpha, beta);
    }

    /// <summary>3×16 tile from a 6-wide A panel (rows 3..5 of the panel are not read); C rows 0..2 written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256x3(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
            Vector256<float> ar;
            ar = Vector256.Create(a[0]); c00 = Vector256.FusedMultiplyAdd(ar, b0, c00); c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]); c10 = Vector256.FusedMultiplyAdd(ar, b0, c10); c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]); c20 = Vector256.FusedMultiplyAdd(ar, b0, c20); c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            a += 6;
            b += 16;
        }
        StoreRow256(c, c00, c01, alpha, beta);
        StoreRow256(c + ldc, c10, c11, alpha, beta);
        StoreRow256(c + 2 * ldc, c20, c21, alpha, beta);
    }

    /// <summary>4×16 tile from a 6-wide A panel (rows 4..5 of the panel are not read); C rows 0..3 written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256x4(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
            Vector256<float> ar;
            ar = Vector256.Create(a[0]); c00 = Vector256.FusedMultiplyAdd(ar, b0, c00); c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]); c10 = Vector256.FusedMultiplyAdd(ar, b0, c10); c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]); c20 = Vector256.FusedMultiplyAdd(ar, b0, c20); c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]); c30 = Vector256.FusedMultiplyAdd(ar, b0, c30); c31 = Vector256.FusedMultiplyAdd(ar, b1, c31);
            a += 6;
            b += 16;
        }
        StoreRow256(c, c00, c01, alpha, beta);
        StoreRow256(c + ldc, c10, c11, alpha, beta);
        StoreRow256(c + 2 * ldc, c20, c21, alpha, beta);
        StoreRow256(c + 3 * ldc, c30, c31, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow256(float* c, Vector256<float> v0, Vector256<float> v1, float alpha, float beta)
    {
        Vector256<float> va = Vector256.Create(alpha);
        if (beta == 0)
        {
            Vector256.Store(v0 * va, c);
            Vector256.Store(v1 * va, c + 8);
        }
        else
        {
            Vector256<float> vb = Vector256.Create(beta);
            Vector256.Store(Vector256.FusedMultiplyAdd(v0, va, Vector256.Load(c) * vb), c);
            Vector256.Store(Vector256.FusedMultiplyAdd(v1, va, Vector256.Load(c + 8) * vb), c + 8);
        }
    }

    /// <summary>
    /// 6x8 tile on Vector128 — the portable path: ARM64's NEON, or x86 without AVX2 (<c>DOTNET_EnableAVX2=0</c>).
    /// 12 accumulators + 2 B vectors + 1 broadcast fit SSE's 16 xmm registers (NEON has 32). MultiplyAddEstimate is
    /// one fused instruction where the hardware has FMA and a multiply and an add where it has not (FusedMultiplyAdd
    /// would fall back to a software emulation there).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel128x6(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 4);
            Vector128<float> ar;
            ar = Vector128.Create(a[0]); c00 = Vector128.MultiplyAddEstimate(ar, b0, c00); c01 = Vector128.MultiplyAddEstimate(ar, b1, c01);
            ar = Vector128.Create(a[1]); c10 = Vector128.MultiplyAddEstimate(ar, b0, c10); c11 = Vector128.MultiplyAddEstimate(ar, b1, c11);
            ar = Vector128.Create(a[2]); c20 = Vector128.MultiplyAddEstimate(ar, b0, c20); c21 = Vector128.MultiplyAddEstimate(ar, b1, c21);
            ar = Vector128.Create(a[3]); c30 = Vector128.MultiplyAddEstimate(ar, b0, c30); c31 = Vector128.MultiplyAddEstimate(ar, b1, c31);
            ar = Vector128.Create(a[4]); c40 = Vector128.MultiplyAddEstimate(ar, b0, c40); c41 = Vector128.MultiplyAddEstimate(ar, b1, c41);
            ar = Vector128.Create(a[5]); c50 = Vector128.MultiplyAddEstimate(ar, b0, c50); c51 = Vector128.MultiplyAddEstimate(ar, b1, c51);
            a += 6;
            b += 8;
        }
        StoreRow128(c, c00, c01, alpha, beta);
        StoreRow128(c + ldc, c10, c11, alpha, beta);
        StoreRow128(c + 2 * ldc, c20, c21, alpha, beta);
        StoreRow128(c + 3 * ldc, c30, c31, alpha, beta);
        StoreRow128(c + 4 * ldc, c40, c41, alpha, beta);
        StoreRow128(c + 5 * ldc, c50, c51, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow128(float* c, Vector128<float> v0, Vector128<float> v1, float alpha, float beta)
    {
        Vector128<float> va = Vector128.Create(alpha);
        if (beta == 0)
        {
            Vector128.Store(v0 * va, c);
            Vector128.Store(v1 * va, c + 4);
        }
        else
        {
            Vector128<float> vb = Vector128.Create(beta);
            Vector128.Store(Vector128.MultiplyAddEstimate(v0, va, Vector128.Load(c) * vb), c);
            Vector128.Store(Vector128.MultiplyAddEstimate(v1, va, Vector128.Load(c + 4) * vb), c + 4);
        }
    }

    /// <summary>4x4 tile in plain floats, for hardware without SIMD acceleration.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelScalar4x4(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        float* acc = stackalloc float[16];
        new Span<float>(acc, 16).Clear();
        for (int p = 0; p < kc; p++, a += 4, b += 4)
            for (int r = 0; r < 4; r++)
            {
                float ar = a[r];
                float* row = acc + r * 4;
                row[0] += ar * b[0];
                row[1] += ar * b[1];
                row[2] += ar * b[2];
                row[3] += ar * b[3];
            }
        for (int r = 0; r < 4; r++)
            for (int j = 0; j < 4; j++)
            {
                float* cj = c + r * ldc + j;
                *cj = beta == 0 ? alpha * acc[r * 4 + j] : alpha * acc[r * 4 + j] + beta * *cj;
            }
    }
}
