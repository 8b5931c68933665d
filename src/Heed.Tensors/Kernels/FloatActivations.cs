using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Heed.Tensors.Kernels;

/// <summary>
/// tanh and the logistic sigmoid in float arithmetic (within 3 and 4 ulp of the exact values), for the recurrent cells'
/// gates and the additive attention score. TensorPrimitives' tanh costs ~4.4 ns per float on an AVX2 Zen 1 (a multiply
/// 0.2), where each 256-bit operation takes two 128-bit passes; this one ~2.1 ns (bench/README.md, "AVX2").
/// </summary>
/// <remarks>
/// <para>One exponential core for both: z = n·ln 2 + r with n = round(z / ln 2) and ln 2 split in two (Cody–Waite) so
/// that r ∈ [−ln2/2, ln2/2] is exact to float rounding; e^r − 1 from its Taylor series to r⁸/8! (the next term is below
/// 2·10⁻¹⁰ relative), by Estrin's scheme (3 multiply-adds deep instead of 6); 2ⁿ built in the exponent bits. Then
/// e^z = 2ⁿ·(e^r − 1) + 2ⁿ, with z clamped to ±87 so that 2ⁿ stays a normal float, and e^z − 1 = 2ⁿ·(e^r − 1) + (2ⁿ − 1),
/// which keeps full relative precision near 0.</para>
/// <para>tanh(x) = sign(x)·m / (m + 2) with m = e^{2|x|} − 1, where 1 − 2/(e^{2|x|} + 1) would cancel near 0. |x| is
/// clamped at 10, beyond which tanh rounds to ±1 in float.</para>
/// <para>σ(x) = 1 / (1 + e^{−x}). NaN in gives NaN out. The tails that do not fill a vector are computed as one
/// zero-padded Vector128, so every element of a span gets the same arithmetic whatever its position. Accuracy is
/// tested against <see cref="Math.Tanh"/> and 1/(1+e^{−x}) in double (FloatActivationsTests).</para>
/// </remarks>
internal static class FloatActivations
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693145751953125f;        // ln 2's leading 16 bits: n·Ln2High is exact for |n| < 2⁸
    private const float Ln2Low = 1.42860682030941723212e-6f; // ln 2 − Ln2High
    private const float ExpLimit = 87f;
    private const float TanhSaturates = 10f;

    /// <summary>y = tanh(x), elementwise; x and y may be the same span.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Map<TanhLanes>(x, y);

    /// <summary>y = σ(x) = 1 / (1 + e^{−x}), elementwise; x and y may be the same span.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Map<SigmoidLanes>(x, y);

    /// <summary>A function of each lane, at both widths (a struct, so each Map is compiled for it and inlines it).</summary>
    private interface ILanes
    {
        static abstract Vector256<float> Of(Vector256<float> x);
        static abstract Vector128<float> Of(Vector128<float> x);
    }

    private readonly struct TanhLanes : ILanes
    {
        public static Vector256<float> Of(Vector256<float> x) => Tanh(x);
        public static Vector128<float> Of(Vector128<float> x) => Tanh(x);
    }

    private readonly struct SigmoidLanes : ILanes
    {
        public static Vector256<float> Of(Vector256<float> x) => Sigmoid(x);
        public static Vector128<float> Of(Vector128<float> x) => Sigmoid(x);
    }

    /// <summary>
    /// y = F(x): 8 lanes at a time where Vector256 is accelerated, then 4, then the last 1–3 elements as one
    /// zero-padded Vector128, so every element gets the same arithmetic whatever its position.
    /// </summary>
    private static void Map<F>(ReadOnlySpan<float> x, Span<float> y) where F : struct, ILanes
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"FloatActivations: input [{x.Length}] and output [{y.Length}] must have one length.");
        ref float src = ref MemoryMarshal.GetReference(x), dst = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= x.Length; i += 8)
                Vector256.StoreUnsafe(F.Of(Vector256.LoadUnsafe(ref src, (nuint)i)), ref dst, (nuint)i);
        for (; i + 4 <= x.Length; i += 4)
            Vector128.StoreUnsafe(F.Of(Vector128.LoadUnsafe(ref src, (nuint)i)), ref dst, (nuint)i);
        if (i == x.Length) return;
        Span<float> lanes = stackalloc float[4];
        lanes.Clear();
        x[i..].CopyTo(lanes);
        F.Of(Vector128.Create((ReadOnlySpan<float>)lanes)).CopyTo(lanes);
        lanes[..(x.Length - i)].CopyTo(y[i..]);
    }

    /// <summary>
    /// Σ_j v_j·tanh(w_j + u_j): the additive attention score of one query (w = W_a s) and one key (u = U_a h) in one
    /// pass, without writing the sum or its tanh anywhere.
    /// </summary>
    public static float AdditiveScore(ReadOnlySpan<float> w, ReadOnlySpan<float> u, ReadOnlySpan<float> v)
    {
        if (w.Length != v.Length || u.Length != v.Length)
            throw new ArgumentException($"FloatActivations.AdditiveScore: w [{w.Length}], u [{u.Length}] and v [{v.Length}] must have one length.");
        ref float wr = ref MemoryMarshal.GetReference(w), ur = ref MemoryMarshal.GetReference(u), vr = ref MemoryMarshal.GetReference(v);
        int i = 0, n = v.Length;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                var z = Tanh(Vector256.LoadUnsafe(ref wr, (nuint)i) + Vector256.LoadUnsafe(ref ur, (nuint)i));
                acc = Vector256.MultiplyAddEstimate(z, Vector256.LoadUnsafe(ref vr, (nuint)i), acc);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i + 4 <= n; i += 4)
        {
            var z = Tanh(Vector128.LoadUnsafe(ref wr, (nuint)i) + Vector128.LoadUnsafe(ref ur, (nuint)i));
            sum += Vector128.Sum(z * Vector128.LoadUnsafe(ref vr, (nuint)i));
        }
        if (i < n)
        {
            Span<float> z = stackalloc float[4];
            for (int j = i; j < n; j++) z[j - i] = w[j] + u[j];
            Tanh(z[..(n - i)], z[..(n - i)]);
            for (int j = i; j < n; j++) sum += z[j - i] * v[j];
        }
        return sum;
    }

    /// <summary>tanh of each lane of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var sign = x & Vector256.Create(-0f);
        var a = Vector256.MinNative(Vector256.Abs(x), Vector256.Create(TanhSaturates));
        var m = ExpMinusOne(a + a);
        var t = (m / (m + Vector256.Create(2f))) | sign;
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), t, x); // NaN stays NaN
    }

    /// <summary>tanh of each lane of <paramref name="x"/>: the same arithmetic as the Vector256 overload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        var sign = x & Vector128.Create(-0f);
        var a = Vector128.MinNative(Vector128.Abs(x), Vector128.Create(TanhSaturates));
        var m = ExpMinusOne(a + a);
        var t = (m / (m + Vector128.Create(2f))) | sign;
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), t, x);
    }

    /// <summary>σ of each lane of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        var s = Vector256<float>.One / (Vector256<float>.One + Exp(-x));
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), s, x);
    }

    /// <summary>σ of each lane of <paramref name="x"/>: the same arithmetic as the Vector256 overload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x)
    {
        var s = Vector128<float>.One / (Vector128<float>.One + Exp(-x));
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), s, x);
    }

    /// <summary>e^z per lane for z clamped to [−87, 87], so that 2ⁿ stays a normal float (NaN lanes give a finite
    /// value: callers restore the NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp(Vector256<float> z)
    {
        z = Vector256.MaxNative(Vector256.MinNative(z, Vector256.Create(ExpLimit)), Vector256.Create(-ExpLimit));
        var em1 = ExpParts(z, out var scale);
        return Vector256.MultiplyAddEstimate(scale, em1, scale);
    }

    /// <summary>e^z − 1 per lane for z in [0, 20]: 2ⁿ·(e^r − 1) + (2ⁿ − 1), exact to rounding near 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpMinusOne(Vector256<float> z)
    {
        var em1 = ExpParts(z, out var scale);
        return Vector256.MultiplyAddEstimate(scale, em1, scale - Vector256<float>.One);
    }

    /// <summary>z = n·ln 2 + r: returns e^r − 1 and sets <paramref name="scale"/> = 2ⁿ, for |z| ≤ 87.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpParts(Vector256<float> z, out Vector256<float> scale)
    {
        var n = Vector256.Round(z * Vector256.Create(Log2E));
        var r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2High), z);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Low), r);
        // e^r − 1 = r + r²·(1/2! + r/3! + … + r⁶/8!), the bracket by Estrin's scheme: pairs, then quads, so the
        // dependency chain is 3 multiply-adds deep instead of 6.
        var r2 = r * r;
        var q23 = Vector256.MultiplyAddEstimate(r, Vector256.Create(1f / 6), Vector256.Create(0.5f));
        var q45 = Vector256.MultiplyAddEstimate(r, Vector256.Create(1f / 120), Vector256.Create(1f / 24));
        var q67 = Vector256.MultiplyAddEstimate(r, Vector256.Create(1f / 5040), Vector256.Create(1f / 720));
        var q25 = Vector256.MultiplyAddEstimate(r2, q45, q23);
        var q68 = Vector256.MultiplyAddEstimate(r2, Vector256.Create(1f / 40320), q67);
        var q = Vector256.MultiplyAddEstimate(r2 * r2, q68, q25);
        scale = ((Vector256.ConvertToInt32Native(n) + Vector256.Create(127)) << 23).AsSingle();
        return Vector256.MultiplyAddEstimate(r2, q, r);
    }

    /// <summary>e^z per lane for z clamped to [−87, 87], so that 2ⁿ stays a normal float (NaN lanes give a finite
    /// value: callers restore the NaN): the same arithmetic as the Vector256 overload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Exp(Vector128<float> z)
    {
        z = Vector128.MaxNative(Vector128.MinNative(z, Vector128.Create(ExpLimit)), Vector128.Create(-ExpLimit));
        var em1 = ExpParts(z, out var scale);
        return Vector128.MultiplyAddEstimate(scale, em1, scale);
    }

    /// <summary>e^z − 1 per lane for z in [0, 20]: 2ⁿ·(e^r − 1) + (2ⁿ − 1), exact to rounding near 0: the same arithmetic as the Vector256 overload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpMinusOne(Vector128<float> z)
    {
        var em1 = ExpParts(z, out var scale);
        return Vector128.MultiplyAddEstimate(scale, em1, scale - Vector128<float>.One);
    }

    /// <summary>z = n·ln 2 + r: returns e^r − 1 and sets <paramref name="scale"/> = 2ⁿ, for |z| ≤ 87: the same arithmetic as the Vector256 overload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpParts(Vector128<float> z, out Vector128<float> scale)
    {
        var n = Vector128.Round(z * Vector128.Create(Log2E));
        var r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2High), z);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Low), r);
        // e^r − 1 = r + r²·(1/2! + r/3! + … + r⁶/8!), the bracket by Estrin's scheme: pairs, then quads, so the
        // dependency chain is 3 multiply-adds deep instead of 6.
        var r2 = r * r;
        var q23 = Vector128.MultiplyAddEstimate(r, Vector128.Create(1f / 6), Vector128.Create(0.5f));
        var q45 = Vector128.MultiplyAddEstimate(r, Vector128.Create(1f / 120), Vector128.Create(1f / 24));
        var q67 = Vector128.MultiplyAddEstimate(r, Vector128.Create(1f / 5040), Vector128.Create(1f / 720));
        var q25 = Vector128.MultiplyAddEstimate(r2, q45, q23);
        var q68 = Vector128.MultiplyAddEstimate(r2, Vector128.Create(1f / 40320), q67);
        var q = Vector128.MultiplyAddEstimate(r2 * r2, q68, q25);
        scale = ((Vector128.ConvertToInt32Native(n) + Vector128.Create(127)) << 23).AsSingle();
        return Vector128.MultiplyAddEstimate(r2, q, r);
    }

}
