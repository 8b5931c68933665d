namespace Heed.Demo;

/// <summary>
/// A parallel corpus that <c>heed demo</c> makes up on the spot, so the first run needs no download: each task draws
/// (source, target) pairs from a seeded random generator, and knows the model and training sizes that learn it quickly.
/// </summary>
public abstract class DemoTask
{
    /// <summary>The names <see cref="Create"/> accepts, in the order help text lists them.</summary>
    public static readonly IReadOnlyList<string> Names = ["dates", "reverse", "copy", "sort"];

    /// <summary>The task's name as typed after <c>--task</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line saying what the model has to learn.</summary>
    public abstract string Description { get; }

    /// <summary>Model size, corpus size and training length for this task.</summary>
    public abstract DemoSettings Settings { get; }

    /// <summary>Draws one (source, target) pair; both are non-empty single lines.</summary>
    public abstract (string Source, string Target) Sample(Random random);

    /// <summary>
    /// Draws <paramref name="count"/> pairs whose sources are distinct from each other and from <paramref name="exclude"/>
    /// (so a held-out set never repeats a training input). The same seed always gives the same list.
    /// </summary>
    /// <exception cref="InvalidOperationException">the task cannot produce that many distinct sources</exception>
    public IReadOnlyList<(string Source, string Target)> Generate(int count, int seed, IReadOnlySet<string>? exclude = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<(string, string)>(count);
        // A generous budget of repeats: beyond it the task's space is (nearly) exhausted and looping on would hang.
        long attempts = 0, budget = 50L * count + 1000;
        while (pairs.Count < count)
        {
            if (++attempts > budget)
                throw new InvalidOperationException($"Task '{Name}' produced only {pairs.Count} distinct sources of the {count} asked for; its space is too small.");
            var (source, target) = Sample(random);
            if (exclude is not null && exclude.Contains(source)) continue;
            if (seen.Add(source)) pairs.Add((source, target));
        }
        return pairs;
    }

    /// <summary>The task called <paramref name="name"/> with its default settings.</summary>
    /// <exception cref="HeedInputException">unknown name (the valid ones are listed)</exception>
    public static DemoTask Create(string name) => name switch
    {
        "dates" => new DateTask(),
        "reverse" => new ReverseTask(),
        "copy" => new CopyTask(),
        "sort" => new SortTask(),
        _ => throw new HeedInputException($"--task '{name}' is not a demo task; choose one of: {string.Join(", ", Names)}."),
    };
}
