using Heed.Tests.Training;

namespace Heed.Tests.Faults;

/// <summary>
/// Reverse-task data and one uninterrupted <c>heed train</c> child run of a tiny config (304 steps, a checkpoint every
/// 10, a log line every step): the reference every interrupted-and-resumed run must match bit for bit.
/// </summary>
/// <remarks>
/// The run is long on purpose: a test signals the child when it reads a step line (15 or 25), and the child's lines
/// reach the test through an asynchronous reader. With 3 epochs (114 steps, ~2 s in all on a quiet machine) the child
/// once finished the whole run before the test's SIGKILL (kill failed with ESRCH); 8 epochs leave it several seconds.
/// </remarks>
public sealed class KillResumeFixture
{
    public const int TotalSteps = 304; // 1200 pairs / 32 per batch = 38 batches, 8 epochs

    private readonly ToyTask _task = new(trainPairs: 1200, devPairs: 20);

    public KillResumeFixture()
    {
        ReferenceModel = Path.Combine(_task.Folder, "reference");
        var (exit, _, error) = ChildHeed.Run("", "train", Config("reference"));
        if (exit != 0) throw new InvalidOperationException($"the reference training failed ({exit}): {error}");
        ReferenceHash = CheckpointHash.Of(Path.Combine(ReferenceModel, "last.safetensors"));
    }

    public string Folder => _task.Folder;
    public string ReferenceModel { get; }
    public string ReferenceHash { get; }

    /// <summary>Writes (once) and returns a config training into <paramref name="modelDir"/> under the data folder.</summary>
    public string Config(string modelDir)
    {
        string file = Path.Combine(Folder, modelDir + ".yaml");
        if (!File.Exists(file))
            File.WriteAllText(file, $"""
                name: kill-resume
                data:
                  train_src: train.src
                  train_trg: train.trg
                  dev_src: dev.src
                  dev_trg: dev.trg
                model:
                  embedding: 24
                  hidden: 48
                  dropout: 0.1
                training:
                  seed: 3
                  batch_sentences: 32
                  epochs: 8
                  lr: 0.005
                  log_every: 1
                  validate_every: 10
                  threads: 1
                  model_dir: {modelDir}
                decoding:
                  beam: 3
                """);
        return file;
    }

    public string ModelDir(string name) => Path.Combine(Folder, name);
}

/// <summary>The child-process tests share one reference run and take turns: each one keeps a core busy.</summary>
[CollectionDefinition(Name)]
public sealed class KillResumeCollection : ICollectionFixture<KillResumeFixture>
{
    public const string Name = "heed train child processes";
}
