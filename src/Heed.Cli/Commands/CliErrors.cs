using System.CommandLine;
using Heed.Training;

namespace Heed.Cli.Commands;

/// <summary>
/// Turns the errors a user can cause into a message on stderr and an exit code: 2 for bad input (a file, line or key
/// named), 3 for a training run that diverged, 130 for a training stopped by a signal after saving. Anything else is
/// a bug and keeps its stack trace.
/// </summary>
internal static class CliErrors
{
    public const int InputError = 2;
    public const int Diverged = 3;
    /// <summary>Stopped by Ctrl-C or SIGTERM after saving (128 + SIGINT's number, what shells report for Ctrl-C).</summary>
    public const int Interrupted = 130;

    public static int Guard(ParseResult parse, string verb, Func<TextWriter, TextWriter, int> action)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return action(output, error);
        }
        catch (HeedInputException e)
        {
            error.WriteLine($"heed {verb}: {e.Message}");
            return InputError;
        }
        catch (TrainingInterruptedException e)
        {
            error.WriteLine($"heed {verb}: {e.Message}");
            return Interrupted;
        }
        catch (TrainingDivergedException e)
        {
            error.WriteLine($"heed {verb}: {e.Message}");
            return Diverged;
        }
        catch (IOException e)
        {
            error.WriteLine($"heed {verb}: {e.Message}");
            return InputError;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"heed {verb}: {e.Message}");
            return InputError;
        }
    }
}
