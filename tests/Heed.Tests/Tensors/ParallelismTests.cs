using Heed.Tensors;

namespace Heed.Tests.Tensors;

public class ParallelismTests
{
    [Fact]
    public void Threads_BelowOne_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Threads = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Use(0));
    }

    [Fact]
    public async Task Use_OverridesForItsScope_AndRestores_WithoutTouchingOtherFlows()
    {
        using (Parallelism.Use(3))
        {
            Assert.Equal(3, Parallelism.Threads);
            using (Parallelism.Use(1)) Assert.Equal(1, Parallelism.Threads);
            Assert.Equal(3, Parallelism.Threads);
            // A flow that started elsewhere with its own setting keeps it.
            int seenElsewhere = await Task.Run(() => { using (Parallelism.Use(5)) return Parallelism.Threads; });
            Assert.Equal(5, seenElsewhere);
            Assert.Equal(3, Parallelism.Threads);
        }
    }

    [Fact]
    public void RunParts_RunsEveryPart_AndRethrowsASingleFailureAsItself()
    {
        var ran = new int[5];
        Parallelism.RunParts(1, 5, i => ran[i]++);
        Assert.Equal(new[] { 0, 1, 1, 1, 1 }, ran);
        var thrown = Assert.Throws<FormatException>(() => Parallelism.RunParts(0, 3, i =>
        {
            if (i == 2) throw new FormatException("part 2");
        }));
        Assert.Equal("part 2", thrown.Message);
    }

    [Fact]
    public void RunParts_WhenSeveralPartsFail_RethrowsTheLowestNumberedPartsException()
    {
        // Every part fails, each after all have started (the barrier), so several failures are in flight at once —
        // as when every replica of a training step meets the same bad batch.
        using var started = new Barrier(2);
        var thrown = Assert.Throws<FormatException>(() => Parallelism.RunParts(4, 6, i =>
        {
            started.SignalAndWait(TimeSpan.FromSeconds(10));
            throw new FormatException($"part {i}");
        }));
        Assert.Equal("part 4", thrown.Message);
    }
}
