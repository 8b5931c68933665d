using Heed.Tensors;
using Heed.Tensors.Memory;

namespace Heed.Tests.Tensors;

[Collection(SerialCollection.Name)] // the pool is process-wide
public class BufferPoolEvictionTests
{
    private static void OutermostScopeWith(int length)
    {
        using var scope = TensorScope.Begin();
        Tensor.Empty(length);
    }

    [Fact]
    public void AMiss_EvictsBuffersUnusedForSeveralSteps_AndKeepsRecentOnes()
    {
        // Sizes no other test uses, in three different size classes.
        const int old = 1_000_003, recent = 7_000_001, missing = 9_000_001;
        OutermostScopeWith(old);
        Assert.True(BufferPool.CountFree(old) >= 1);
        for (int step = 0; step < 3; step++) OutermostScopeWith(recent); // three "steps" that never touch the old size
        Assert.True(BufferPool.CountFree(old) >= 1);                   // hits do not evict
        OutermostScopeWith(missing);                                    // a miss: stale buffers go
        Assert.Equal(0, BufferPool.CountFree(old));
        Assert.True(BufferPool.CountFree(recent) >= 1);
    }
}
