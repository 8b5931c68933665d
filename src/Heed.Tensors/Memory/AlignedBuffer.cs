using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Heed.Tensors.Memory;

/// <summary>
/// A pinned float array whose first element sits on a 64-byte boundary (one AVX-512 vector, one cache line).
/// Buffers come from <see cref="BufferPool"/> in size classes, so <see cref="Capacity"/> may exceed what a tensor uses.
/// </summary>
internal sealed class AlignedBuffer
{
    internal readonly float[] Array;
    internal readonly int Offset;

    /// <summary>Usable floats, starting at the aligned offset.</summary>
    public int Capacity { get; }

    /// <summary>True while the buffer is lent out; false once returned to the pool.</summary>
    internal bool Rented;

    /// <summary>The pool's epoch when the buffer last came back (for evicting buffers that have gone unused).</summary>
    internal long LastReturned;

    internal AlignedBuffer(int capacity)
    {
        // 16 spare floats (64 bytes) leave room to slide the start onto a 64-byte boundary.
        Array = GC.AllocateUninitializedArray<float>(capacity + 16, pinned: true);
        unsafe
        {
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Array));
            Offset = (int)(((64 - (address & 63)) & 63) / sizeof(float));
        }
        Capacity = capacity;
    }

    /// <summary>The first <paramref name="length"/> floats.</summary>
    public Span<float> AsSpan(int length) => new(Array, Offset, length);
}
