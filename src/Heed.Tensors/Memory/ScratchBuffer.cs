namespace Heed.Tensors.Memory;

/// <summary>A pooled temporary for kernels: <c>using var s = ScratchBuffer.Rent(n);</c> gives it back at the end.</summary>
internal readonly struct ScratchBuffer : IDisposable
{
    private readonly AlignedBuffer _buffer;
    private readonly int _length;

    private ScratchBuffer(AlignedBuffer buffer, int length) { _buffer = buffer; _length = length; }

    /// <summary>At least <paramref name="length"/> floats of undefined contents.</summary>
    public static ScratchBuffer Rent(int length) => new(BufferPool.Rent(Math.Max(length, 1)), length);

    /// <summary>The requested floats.</summary>
    public Span<float> Span => _buffer.AsSpan(_length);

    public void Dispose() => BufferPool.Return(_buffer);
}
