using System.CommandLine;

namespace Heed.Cli.Commands;

/// <summary>Every verb of the <c>heed</c> command, one file each; this list is the only place that names them all.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return BenchCommand.Create();
        yield return TrainCommand.Create();
        yield return TranslateCommand.Create();
        yield return TestCommand.Create();
        yield return ScoreCommand.Create();
        yield return DemoCommand.Create();
        yield return AlignCommand.Create();
        yield return AlignStatsCommand.Create();
        yield return PlotCommand.Create();
    }
}
