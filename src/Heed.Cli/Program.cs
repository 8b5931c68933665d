using System.CommandLine;
using Heed.Cli.Commands;

var root = new RootCommand("Heed: attention mechanisms and attention-based neural machine translation on a CPU.");
foreach (var command in CommandRegistry.All())
    root.Subcommands.Add(command);
return root.Parse(args).Invoke();
