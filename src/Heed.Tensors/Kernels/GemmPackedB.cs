namespace Heed.Tensors.Kernels;

/// <summary>
/// A copy of op(B) ([k, n]) already in the panel layout the micro-kernels read, made once by
/// <see cref="Gemm.PackB(bool, int, int, ReadOnlySpan{float}, int)"/> and reused by
/// <see cref="Gemm.MultiplyPacked(bool, int, float, ReadOnlySpan{float}, int, GemmPackedB, float, Span{float}, int)"/>: for a weight multiplied many times in a row without changing (the output layer
/// at every step of one search call), the packing is paid once instead of at every call.
/// </summary>
/// <remarks>
/// A snapshot: later writes to the source matrix are not seen. Immutable after construction, so threads may share it.
/// The panels live in native memory reported to the GC as pressure and freed by the finalizer: as pinned managed
/// arrays, one 43 MB copy per search call piled up until a full collection (decoding peak 447 → 658 MB).
/// Layout: panel q (columns [q·NR, q·NR + NR), zero-padded past n) takes NR·k floats; within it, the k-slice starting
/// at row pc takes kc·NR floats from offset pc·NR, step by step, exactly as the driver packs one panel per slice.
/// </remarks>
public sealed unsafe class GemmPackedB : IDisposable
{
    private float* _start; // 64-byte aligned, owned by this object; null once disposed
    private readonly long _bytes;

    /// <summary>Rows of op(B).</summary>
    public int K { get; }

    /// <summary>Columns of op(B).</summary>
    public int N { get; }

    internal GemmPath Path { get; }
    internal int Nr { get; }
    internal int Kc { get; }
    internal int Panels => (N + Nr - 1) / Nr;

    internal GemmPackedB(GemmPath path, int kc, bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        Path = path; K = k; N = n; Kc = kc;
        Nr = GemmMicroKernels.Shape(path).Nr;
        _bytes = Math.Max(1, (long)Panels * Nr * k) * sizeof(float);
        _start = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)_bytes, 64);
        GC.AddMemoryPressure(_bytes);
        fixed (float* src = b)
        {
            float* dst = Start;
            for (int q = 0; q < Panels; q++)
            {
                int j = q * Nr, cols = Math.Min(Nr, n - j);
                for (int pc = 0; pc < k; pc += kc)
                    // op(B)[p, j] is b[j*ldb + p] when transposed: lanes (columns j) are contiguous only without transB.
                    GemmPacking.PackPanels(src, ldb, !transB, j, cols, pc, Math.Min(kc, k - pc), Nr, dst + Panel(q) + (nint)pc * Nr);
            }
        }
    }

    /// <summary>The aligned first float; callers keep this object alive while they read through it.</summary>
    internal float* Start => _start is not null ? _start : throw new ObjectDisposedException(nameof(GemmPackedB));

    /// <summary>Frees the native panels if <see cref="Dispose"/> was not called.</summary>
    ~GemmPackedB() => Free();

    /// <summary>Frees the panels now rather than at the next collection (a per-step cache packs tens of MB per step).
    /// Using the object afterwards throws.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        var start = _start;
        if (start is null) return;
        _start = null;
        System.Runtime.InteropServices.NativeMemory.AlignedFree(start);
        GC.RemoveMemoryPressure(_bytes);
    }

    /// <summary>Offset in floats of panel <paramref name="q"/> from <see cref="Start"/>.</summary>
    internal nint Panel(int q) => (nint)q * Nr * K;
}
