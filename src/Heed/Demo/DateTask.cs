using System.Globalization;

namespace Heed.Demo;

/// <summary>
/// Human-readable dates to ISO 8601: "wednesday 9 may 2018", "9/5/18", "May 9th, 2018", "09.05.2018" → "2018-05-09".
/// Dates are drawn uniformly from 1950-01-01 to 2049-12-31 and written in one of <see cref="FormatCount"/> formats.
/// </summary>
/// <remarks>
/// Every numeric format has one fixed order (all are day first; the two-digit year of "9/5/18" means 1950–2049, .NET's
/// default window), so a source never has two readings and the task can be learnt exactly. Weekdays are the true ones,
/// which the model must learn to ignore.
/// </remarks>
public sealed class DateTask : DemoTask
{
    private static readonly DateOnly First = new(1950, 1, 1);
    private static readonly DateOnly Last = new(2049, 12, 31);
    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] Weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    /// <summary>How many formats <see cref="Render"/> knows (numbered 0 .. FormatCount − 1).</summary>
    public const int FormatCount = 10;

    /// <inheritdoc/>
    public override string Name => "dates";
    /// <inheritdoc/>
    public override string Description => "rewrite a date in any of 10 formats as ISO 8601 (May 9th, 2018 → 2018-05-09)";

    /// <inheritdoc />
    public override DemoSettings Settings => new(
        TrainPairs: 20_000, DevPairs: 200, TestPairs: 1000, Embedding: 32, Hidden: 64, BatchSentences: 64, Steps: 1500,
        LearningRate: 0.003, ValidateEvery: 500);

    /// <inheritdoc />
    public override (string Source, string Target) Sample(Random random)
    {
        var date = First.AddDays(random.Next(Last.DayNumber - First.DayNumber + 1));
        return (Render(date, random.Next(FormatCount)), Iso(date));
    }

    /// <summary>The target form, yyyy-MM-dd.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="date"/> in format <paramref name="format"/>; for 2018-05-09: 0 "wednesday 9 may 2018",
    /// 1 "9/5/18", 2 "May 9th, 2018", 3 "09.05.2018", 4 "9 May 2018", 5 "Wed, 9 May 2018", 6 "may 9, 2018",
    /// 7 "9 may 18", 8 "Wednesday, May 9, 2018", 9 "the 9th of may 2018".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> outside 0 .. FormatCount − 1</exception>
    public static string Render(DateOnly date, int format)
    {
        int d = date.Day, m = date.Month, y = date.Year;
        string month = Months[m - 1], mon = month[..3], weekday = Weekdays[(int)date.DayOfWeek], wd = weekday[..3];
        string yy = (y % 100).ToString("00", CultureInfo.InvariantCulture);
        return format switch
        {
            0 => $"{weekday} {d} {month} {y}".ToLowerInvariant(),
            1 => $"{d}/{m}/{yy}",
            2 => $"{month} {Ordinal(d)}, {y}",
            3 => $"{d:00}.{m:00}.{y}",
            4 => $"{d} {month} {y}",
            5 => $"{wd}, {d} {mon} {y}",
            6 => $"{month} {d}, {y}".ToLowerInvariant(),
            7 => $"{d} {mon} {yy}".ToLowerInvariant(),
            8 => $"{weekday}, {month} {d}, {y}",
            9 => $"the {Ordinal(d)} of {month} {y}".ToLowerInvariant(),
            _ => throw new ArgumentOutOfRangeException(nameof(format), $"format {format} is outside 0..{FormatCount - 1}."),
        };
    }

    /// <summary>1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, …, 21st, 22nd, 23rd, …, 31st.</summary>
    private static string Ordinal(int day)
    {
        string suffix = day is >= 11 and <= 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return day.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}
