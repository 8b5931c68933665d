using Heed.Io;
namespace Heed.Data;

/// <summary>
/// Sentence pairs read from two aligned plain-text files (one sentence per line) or one TSV file
/// (source TAB target). Files ending in ".gz" are decompressed; text must be strict UTF-8.
/// Pairs where either side is empty after trimming are skipped and counted in <see cref="SkippedEmpty"/>;
/// kept sentences are trimmed.
/// </summary>
public sealed class ParallelCorpus
{
    private ParallelCorpus(string[] sources, string[] targets, int[] lineNumbers, int skippedEmpty)
    {
        Sources = sources;
        Targets = targets;
        LineNumbers = lineNumbers;
        SkippedEmpty = skippedEmpty;
    }

    /// <summary>Source sentences, trimmed; same count as <see cref="Targets"/>.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Target sentences, trimmed.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>1-based line of each kept pair in its file(s), so later errors can point back at the input.</summary>
    public IReadOnlyList<int> LineNumbers { get; }

    /// <summary>Number of kept pairs.</summary>
    public int Count => Sources.Count;

    /// <summary>Pairs dropped because the source or the target was empty after trimming.</summary>
    public int SkippedEmpty { get; }

    /// <summary>Reads two aligned files: line i of <paramref name="sourcePath"/> translates to line i of <paramref name="targetPath"/>.</summary>
    /// <exception cref="HeedInputException">
    /// A file is missing, is not valid UTF-8/gzip (message names file and line), or the two files have
    /// different line counts (message names both files and both counts).
    /// </exception>
    public static ParallelCorpus ReadAligned(string sourcePath, string targetPath)
    {
        string[] sources = TextLines.Read(sourcePath);
        string[] targets = TextLines.Read(targetPath);
        if (sources.Length != targets.Length)
            throw new HeedInputException(
                $"Parallel files differ in length: '{sourcePath}' has {sources.Length} lines but '{targetPath}' has {targets.Length} lines.");
        return FromLines(sources, targets);
    }

    /// <summary>Reads a TSV file with exactly one TAB per non-empty line: source TAB target.</summary>
    /// <exception cref="HeedInputException">Missing file, bad UTF-8/gzip, or a non-empty line without exactly one TAB (names file and line).</exception>
    public static ParallelCorpus ReadTsv(string path)
    {
        string[] lines = TextLines.Read(path);
        var sources = new string[lines.Length];
        var targets = new string[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0)
            {
                sources[i] = targets[i] = "";
                continue;
            }
            int tab = line.IndexOf('\t');
            if (tab < 0 || line.IndexOf('\t', tab + 1) >= 0)
                throw new HeedInputException(
                    $"'{path}' line {i + 1}: expected 'source<TAB>target' with exactly one TAB, found {line.Count(c => c == '\t')}.");
            sources[i] = line[..tab];
            targets[i] = line[(tab + 1)..];
        }
        return FromLines(sources, targets);
    }

    /// <summary>Builds a corpus from aligned in-memory lines (index i of each list forms pair i, line i + 1).</summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static ParallelCorpus FromLines(IReadOnlyList<string> sources, IReadOnlyList<string> targets)
    {
        if (sources.Count != targets.Count)
            throw new ArgumentException($"{sources.Count} source lines but {targets.Count} target lines.", nameof(targets));
        var keptSources = new List<string>(sources.Count);
        var keptTargets = new List<string>(sources.Count);
        var lineNumbers = new List<int>(sources.Count);
        int skipped = 0;
        for (int i = 0; i < sources.Count; i++)
        {
            string source = sources[i].Trim();
            string target = targets[i].Trim();
            if (source.Length == 0 || target.Length == 0)
            {
                skipped++;
                continue;
            }
            keptSources.Add(source);
            keptTargets.Add(target);
            lineNumbers.Add(i + 1);
        }
        return new ParallelCorpus(keptSources.ToArray(), keptTargets.ToArray(), lineNumbers.ToArray(), skipped);
    }

    /// <summary>
    /// Tokenises both sides and drops pairs whose source has more than <paramref name="maxSourceTokens"/>
    /// or whose target has more than <paramref name="maxTargetTokens"/> tokens (counted in
    /// <see cref="TokenizedCorpus.DroppedTooLong"/>). Pairs that tokenise to nothing on either side are
    /// dropped as empty (<see cref="TokenizedCorpus.DroppedEmpty"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A maximum below 1.</exception>
    public TokenizedCorpus Tokenize(ITokenizer sourceTokenizer, ITokenizer targetTokenizer,
        int maxSourceTokens = int.MaxValue, int maxTargetTokens = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSourceTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTargetTokens, 1);
        var sources = new List<string[]>(Count);
        var targets = new List<string[]>(Count);
        var lines = new List<int>(Count);
        int tooLong = 0, empty = 0;
        for (int i = 0; i < Count; i++)
        {
            string[] source = sourceTokenizer.Tokenize(Sources[i]);
            string[] target = targetTokenizer.Tokenize(Targets[i]);
            if (source.Length == 0 || target.Length == 0)
                empty++;
            else if (source.Length > maxSourceTokens || target.Length > maxTargetTokens)
                tooLong++;
            else
            {
                sources.Add(source);
                targets.Add(target);
                lines.Add(LineNumbers[i]);
            }
        }
        return new TokenizedCorpus(sources, targets, lines, tooLong, empty);
    }
}
