using System.Text.RegularExpressions;

namespace Heed.Metrics;

/// <summary>
/// sacreBLEU's default "13a" tokeniser, the tokenisation of WMT's mteval-v13a.pl: unescapes four HTML
/// entities, then puts spaces around punctuation and symbols, except periods and commas between digits and
/// dashes not after a digit. Output tokens are separated by single spaces, without leading or trailing space.
/// </summary>
public static partial class Tokenizer13a
{
    /// <summary>The name sacreBLEU puts in the <c>tok:</c> field of a BLEU signature.</summary>
    public const string Name = "13a";

    /// <summary>Tokenises one segment. Never throws; null is not accepted.</summary>
    public static string Tokenize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        // Language-independent part, in mteval's order: tag removal, hyphenated line breaks, entities.
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (line.Contains('&'))
            line = line.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        line = $" {line} ";

        // Each pass is a leftmost, non-overlapping replacement, as Python's re.sub does; the order matters
        // because later passes see the spaces the earlier ones added.
        line = Symbols().Replace(line, " $1 ");
        line = PeriodCommaAfterNonDigit().Replace(line, "$1 $2 ");
        line = PeriodCommaBeforeNonDigit().Replace(line, " $1 $2");
        line = DashAfterDigit().Replace(line, "$1 $2 ");
        return string.Join(' ', PythonText.Split(line));
    }

    // ASCII symbols: { | } ~, [ \ ] ^ _ `, space ! " # $ % &, ( ) * +, : ; < = > ? @, and /.
    [GeneratedRegex(@"([\{-\~\[-\` -\&\(-\+\:-\@\/])", RegexOptions.CultureInvariant)]
    private static partial Regex Symbols();

    [GeneratedRegex(@"([^0-9])([\.,])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodCommaAfterNonDigit();

    [GeneratedRegex(@"([\.,])([^0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodCommaBeforeNonDigit();

    [GeneratedRegex(@"([0-9])(-)", RegexOptions.CultureInvariant)]
    private static partial Regex DashAfterDigit();
}
