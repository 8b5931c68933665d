using Heed.Demo;

namespace Heed.Tests.Demo;

public class SymbolSequenceTaskTests
{
    [Fact]
    public void Reverse_Copy_Sort_TargetsFollowTheirRule()
    {
        // Each rule is checked by its defining property rather than by re-running the generator's code.
        foreach (var (s, t) in new ReverseTask().Generate(500, 1))
            for (int i = 0; i < s.Length; i++) Assert.Equal(s[i], t[s.Length - 1 - i]);
        foreach (var (s, t) in new CopyTask().Generate(500, 1)) Assert.Equal(s, t);
        foreach (var (s, t) in new SortTask().Generate(500, 1))
        {
            Assert.True(t.Zip(t.Skip(1)).All(p => p.First <= p.Second), $"'{t}' is not in order");
            Assert.Equal(s.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count()), t.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count()));
        }
    }

    [Fact]
    public void LengthsAndAlphabet_StayInRange()
    {
        var pairs = new CopyTask(symbols: 4, minLength: 2, maxLength: 6).Generate(300, 9);
        Assert.All(pairs, p => Assert.InRange(p.Source.Length, 2, 6));
        Assert.All(pairs, p => Assert.All(p.Source, c => Assert.InRange(c, 'a', 'd')));
        Assert.Equal(2, pairs.Min(p => p.Source.Length));
        Assert.Equal(6, pairs.Max(p => p.Source.Length));
    }

    [Fact]
    public void Generate_DistinctSources_ExcludeRespected_DeterministicBySeed()
    {
        var task = new SortTask();
        var first = task.Generate(300, 4);
        Assert.Equal(first.Count, first.Select(p => p.Source).Distinct().Count());
        var second = task.Generate(300, 5, first.Select(p => p.Source).ToHashSet());
        Assert.Empty(second.Select(p => p.Source).Intersect(first.Select(p => p.Source)));
        Assert.Equal(first, task.Generate(300, 4));
    }

    [Fact]
    public void TooSmallASpace_ThrowsInsteadOfLooping()
    {
        // Over 2 letters and length 1–2 there are 2 + 4 = 6 distinct sources.
        var task = new CopyTask(symbols: 2, minLength: 1, maxLength: 2);
        Assert.Equal(6, task.Generate(6, 1).Count);
        Assert.Throws<InvalidOperationException>(() => task.Generate(7, 1));
    }

    [Fact]
    public void UnknownTaskName_ListsTheValidOnes()
    {
        var e = Assert.Throws<HeedInputException>(() => DemoTask.Create("datez"));
        Assert.Contains("'datez'", e.Message);
        Assert.Contains("dates, reverse, copy, sort", e.Message);
        Assert.All(DemoTask.Names, n => Assert.Equal(n, DemoTask.Create(n).Name));
    }
}
