namespace Heed.Tests;

/// <summary>
/// Tests that measure process-wide state — the buffer pool's allocations, bit-exact results that GEMM's tunable block
/// sizes would change — run alone: other tests running beside them take pooled buffers or retune GEMM.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial: process-wide state";
}
