using Heed.Demo;

namespace Heed.Tests.Demo;

/// <summary>
/// One tiny demo trained once for every test that needs a model: reversing 3–5 letters over a 5-letter alphabet,
/// 300 steps of a 16/32-unit GRU. Takes a few seconds on two loaded cores.
/// </summary>
public sealed class TinyDemoModel : IDisposable
{
    public static readonly DemoSettings Tiny = new(
        TrainPairs: 600, DevPairs: 20, TestPairs: 100, Embedding: 16, Hidden: 32, BatchSentences: 32, Steps: 300,
        LearningRate: 0.01, ValidateEvery: 300);

    public TinyDemoModel()
    {
        Folder = Directory.CreateTempSubdirectory("heed-demo-test").FullName;
        Task = new ReverseTask(symbols: 5, minLength: 3, maxLength: 5);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Result = new DemoRun(Task, Path.Combine(Folder, "out"), seed: 3, threads: 1, Tiny, pictures: 2).Run();
        Seconds = clock.Elapsed.TotalSeconds;
    }

    public string Folder { get; }
    public ReverseTask Task { get; }
    public DemoResult Result { get; }
    public double Seconds { get; }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class TinyDemoCollection : ICollectionFixture<TinyDemoModel>
{
    public const string Name = "tiny demo model";
}
