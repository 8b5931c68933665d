namespace Heed.Tensors.Optim;

/// <summary>
/// The block size of the fused update loops: 1024 floats (4 KB) per temporary, so an optimiser's few
/// TensorPrimitives passes over a block run in L1 and each parameter is streamed from memory once.
/// </summary>
internal static class UpdateChunk
{
    public const int Size = 1024;
}
