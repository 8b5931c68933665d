using System.Globalization;
using System.Text.RegularExpressions;
using Heed.Demo;

namespace Heed.Tests.Demo;

public class DateTaskTests
{
    // The independent reading of each format: .NET's own date parser with these patterns (invariant culture, whose
    // two-digit-year window is 1950–2049 and whose month names are matched case-insensitively). Ordinal suffixes
    // (9th, 21st) are removed before parsing because .NET has no pattern for them; SuffixesAreEnglish checks them.
    private static readonly string[] Patterns =
    [
        "dddd d MMMM yyyy", "d/M/yy", "MMMM d, yyyy", "dd.MM.yyyy", "d MMMM yyyy", "ddd, d MMM yyyy", "MMMM d, yyyy",
        "d MMM yy", "dddd, MMMM d, yyyy", "'the' d 'of' MMMM yyyy",
    ];

    private static readonly Regex OrdinalSuffix = new(@"(\d)(st|nd|rd|th)\b");

    private static DateTime ParseWithDotNet(string text, string pattern) =>
        DateTime.ParseExact(OrdinalSuffix.Replace(text, "$1"), pattern, CultureInfo.InvariantCulture, DateTimeStyles.None);

    [Fact]
    public void EveryFormat_ParsesBackToTheSameDate_IncludingEdges()
    {
        DateOnly[] dates = [new(1950, 1, 1), new(1999, 12, 31), new(2000, 2, 29), new(2018, 5, 9), new(2049, 12, 31), new(1987, 11, 23)];
        Assert.Equal(DateTask.FormatCount, Patterns.Length);
        foreach (var date in dates)
            for (int f = 0; f < DateTask.FormatCount; f++)
            {
                string text = DateTask.Render(date, f);
                // ParseExact also checks a written weekday against the date, so a wrong weekday fails here.
                Assert.True(DateOnly.FromDateTime(ParseWithDotNet(text, Patterns[f])) == date, $"format {f}: '{text}' is not {date:yyyy-MM-dd}");
            }
    }

    [Fact]
    public void IssueExamples_ReadAsTheIssueSays()
    {
        // From issue 5 (its "saturday" is wrong for 2018-05-09, a Wednesday; the generator writes true weekdays).
        var may9 = new DateOnly(2018, 5, 9);
        Assert.Equal("wednesday 9 may 2018", DateTask.Render(may9, 0));
        Assert.Equal("9/5/18", DateTask.Render(may9, 1));
        Assert.Equal("May 9th, 2018", DateTask.Render(may9, 2));
        Assert.Equal("09.05.2018", DateTask.Render(may9, 3));
        Assert.Equal("2018-05-09", DateTask.Iso(may9));
    }

    [Fact]
    public void SampledPairs_TargetIsTheIsoFormOfTheSource()
    {
        var pairs = new DateTask().Generate(3000, seed: 11);
        foreach (var (source, target) in pairs)
        {
            // No pattern but the right one may read a source: numeric orders are fixed per format, so exactly one
            // reading exists, and it must be the target.
            var readings = Patterns.Select(p => { try { return (DateTime?)ParseWithDotNet(source, p); } catch (FormatException) { return null; } })
                .Where(d => d is not null).Select(d => d!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Distinct().ToList();
            Assert.True(readings.Count == 1 && readings[0] == target, $"'{source}' → '{target}' but .NET reads {string.Join(", ", readings)}");
        }
        // 3000 draws over 100 years reach within two years of both ends (ISO strings sort as dates do).
        var sorted = pairs.Select(p => p.Target).Order(StringComparer.Ordinal).ToList();
        Assert.True(string.CompareOrdinal(sorted[0], "1952-01-01") < 0, sorted[0]);
        Assert.True(string.CompareOrdinal(sorted[^1], "2048-01-01") >= 0, sorted[^1]);
    }

    [Theory]
    [InlineData(1, "1st"), InlineData(2, "2nd"), InlineData(3, "3rd"), InlineData(4, "4th"), InlineData(11, "11th"), InlineData(12, "12th")]
    [InlineData(13, "13th"), InlineData(21, "21st"), InlineData(22, "22nd"), InlineData(23, "23rd"), InlineData(30, "30th"), InlineData(31, "31st")]
    public void SuffixesAreEnglish(int day, string expected)
    {
        // Hand-written English ordinals.
        Assert.Equal($"the {expected} of january 2001", DateTask.Render(new DateOnly(2001, 1, day), 9));
    }

    [Fact]
    public void SameSeed_SameCorpus_OtherSeed_OtherCorpus()
    {
        var task = new DateTask();
        Assert.Equal(task.Generate(200, 5), task.Generate(200, 5));
        Assert.NotEqual(task.Generate(200, 5), task.Generate(200, 6));
    }

    [Fact]
    public void AllTenFormatsAreDrawn()
    {
        // A format is recognised by the one .NET pattern that reads it; 2000 draws of 10 equally likely formats miss none.
        var used = new DateTask().Generate(2000, 3)
            .Select(p => Enumerable.Range(0, Patterns.Length).First(f =>
            {
                try { ParseWithDotNet(p.Source, Patterns[f]); return true; } catch (FormatException) { return false; }
            }))
            .ToHashSet();
        // Patterns 2 and 6 read the same text once the suffix is gone; lowercase months tell them apart.
        Assert.True(used.Count >= 9, $"formats seen: {string.Join(",", used.Order())}");
    }

    [Fact]
    public void BadFormatNumber_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DateTask.Render(new DateOnly(2000, 1, 1), DateTask.FormatCount));
}
