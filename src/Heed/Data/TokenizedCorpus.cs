namespace Heed.Data;

/// <summary>Token sequences of a <see cref="ParallelCorpus"/> after the length filter, with what the filter dropped.</summary>
public sealed class TokenizedCorpus
{
    internal TokenizedCorpus(IReadOnlyList<string[]> sources, IReadOnlyList<string[]> targets,
        IReadOnlyList<int> lineNumbers, int droppedTooLong, int droppedEmpty)
    {
        Sources = sources;
        Targets = targets;
        LineNumbers = lineNumbers;
        DroppedTooLong = droppedTooLong;
        DroppedEmpty = droppedEmpty;
    }

    /// <summary>Source tokens per kept pair.</summary>
    public IReadOnlyList<string[]> Sources { get; }

    /// <summary>Target tokens per kept pair.</summary>
    public IReadOnlyList<string[]> Targets { get; }

    /// <summary>1-based input line of each kept pair.</summary>
    public IReadOnlyList<int> LineNumbers { get; }

    /// <summary>Number of kept pairs.</summary>
    public int Count => Sources.Count;

    /// <summary>Pairs dropped because a side had more tokens than allowed.</summary>
    public int DroppedTooLong { get; }

    /// <summary>Pairs dropped because a side produced no tokens (e.g. only characters the tokenizer discards).</summary>
    public int DroppedEmpty { get; }
}
