using System.Runtime.CompilerServices;

namespace Heed.Tensors.Kernels;

/// <summary>
/// Per-thread packing buffers, 64-byte aligned (one cache line, one zmm load) and kept for the thread's lifetime,
/// so steady-state GEMM calls allocate nothing large. Backed by pinned managed arrays rather than native memory so a
/// buffer is reclaimed by the GC if its thread ends.
/// </summary>
internal sealed unsafe class GemmScratch
{
    private const int Alignment = 64;

    [ThreadStatic] private static GemmScratch? t_current;

    private float[] _a = [];
    private float[] _b = [];

    /// <summary>Which block the A buffer currently holds (call, column block, k-slice, first row), so parallel
    /// work items on one thread can skip repacking it; default when unknown.</summary>
    public (long Call, int Jc, int Pc, int Ic) PackedA { get; set; }

    private int[] _panelStates = [];

    /// <summary>A zeroed array of at least <paramref name="count"/> flags, valid until the next call.</summary>
    public int[] PanelStates(int count)
    {
        if (_panelStates.Length < count) _panelStates = new int[Math.Max(count, 2 * _panelStates.Length)];
        else Array.Clear(_panelStates, 0, count);
        return _panelStates;
    }

    public static GemmScratch ForCurrentThread() => t_current ??= new GemmScratch();

    /// <summary>An aligned buffer of at least <paramref name="floats"/> for packed A; valid until the next call.</summary>
    public float* A(int floats) => Aligned(ref _a, floats);

    /// <summary>An aligned buffer of at least <paramref name="floats"/> for packed B; valid until the next call.</summary>
    public float* B(int floats) => Aligned(ref _b, floats);

    private static float* Aligned(ref float[] buffer, int floats)
    {
        const int pad = Alignment / sizeof(float);
        if (buffer.Length < floats + pad)
            buffer = GC.AllocateUninitializedArray<float>(Math.Max(floats, buffer.Length * 2) + pad, pinned: true);
        // The array is pinned, so its address is stable and can be handed out as a pointer.
        nint address = (nint)Unsafe.AsPointer(ref buffer[0]);
        return (float*)((address + Alignment - 1) & ~(nint)(Alignment - 1));
    }
}
