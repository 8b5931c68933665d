using System.CommandLine;

namespace Heed.Cli.Commands;

/// <summary><c>heed bench …</c>: benchmarks that print human-readable lines, or JSON lines with --json.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure the engine and the models on this machine.");
        bench.Subcommands.Add(BenchGemmCommand.Create());
        bench.Subcommands.Add(BenchTrainCommand.Create());
        bench.Subcommands.Add(BenchTranslateCommand.Create());
        return bench;
    }
}
