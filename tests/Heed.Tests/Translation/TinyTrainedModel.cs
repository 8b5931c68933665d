using Heed.Tests.Training;
using Heed.Training;

namespace Heed.Tests.Translation;

/// <summary>A tiny RNN trained once on the toy reverse task and shared by the tests of a class (xunit class fixture).</summary>
public sealed class TinyTrainedModel
{
    public TinyTrainedModel()
    {
        var task = new ToyTask(trainPairs: 400, devPairs: 10);
        Folder = task.Folder;
        var config = task.Config(training: "max_steps: 40\nvalidate_every: 40");
        new Trainer(config).Run();
        Directory = config.Training.ModelDir;
        Inputs = ["a b c d", "h g f e d c b", "b b a", "c a h e"];
    }

    /// <summary>The task's temporary folder (the model directory is inside it).</summary>
    public string Folder { get; }
    public string Directory { get; }
    public string[] Inputs { get; }
}
