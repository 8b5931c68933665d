using Heed.Tensors;

namespace Heed.Tests;

public class ParallelismTests
{
    [Fact]
    public void Threads_RejectsZero()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Threads = 0);
    }
}
