// HelloHeed: train a tiny attention model from C#, load it, translate, and print the alignment.
// The toy task is reversing a sequence of symbols ("a b c" → "c b a"): it needs attention (each output word must
// look at a different source word), and a small GRU learns it exactly in a few hundred steps on one thread.
using Heed.Config;
using Heed.Training;
using Heed.Translation;

var folder = Directory.CreateTempSubdirectory("hello-heed-").FullName;   // everything goes here, deleted at the end
var random = new Random(1);                                              // fixed seed: the same corpus every run
var pairs = Enumerable.Range(0, 1200).Select(_ => Enumerable.Range(0, random.Next(3, 8)).Select(_ => ((char)('a' + random.Next(8))).ToString()).ToArray()).ToArray();
File.WriteAllLines(Path.Combine(folder, "train.src"), pairs.Select(p => string.Join(' ', p)));
File.WriteAllLines(Path.Combine(folder, "train.trg"), pairs.Select(p => string.Join(' ', p.Reverse())));

// The same records configs/*.yaml map to (data, model, training, decoding sections); no dev set, so the last epoch's
// model is the best. 1,200 pairs / 32 per batch × 6 epochs = 228 steps; 1 thread keeps the run repeatable.
var config = new ExperimentConfig("hello_heed",
    new DataConfig(TrainSource: Path.Combine(folder, "train.src"), TrainTarget: Path.Combine(folder, "train.trg"), DevSource: null, DevTarget: null,
        Tokenizer: "word", Lowercase: false, BpeMerges: 0, MinFrequency: 1, MaxVocabulary: 100, MaxLength: 20, MaxSentences: 0),
    new RnnConfig(Rnn: "gru", EmbeddingSize: 24, HiddenSize: 48, EncoderLayers: 1, DecoderLayers: 1, Decoder: "bahdanau",
        Attention: "additive", AttentionSize: 0, Dropout: 0.1, TieEmbeddings: false, MaxSourceLength: 0),
    new TrainingConfig(Seed: 3, BatchTokens: 0, BatchSentences: 32, Epochs: 6, MaxSteps: 0, MaxMinutes: 0, LearningRate: 0.005, Clip: 1.0,
        LabelSmoothing: 0, LrDecay: 0.5, LrPatience: 2, MinLearningRate: 1e-5, ValidateEvery: 0, EarlyStoppingPatience: 0,
        Threads: 1, ModelDir: Path.Combine(folder, "model"), LogEvery: 50),
    new DecodingConfig(Beam: 3, Alpha: 1.0, MaxLengthRatio: 2.0, BatchSize: 64, ReplaceUnk: false));
var result = new Trainer(config).Run();
Console.WriteLine($"trained {result.Steps} steps in {result.Elapsed.TotalSeconds:F1} s, last loss {result.LastTrainLoss:F3}");

// Load the directory exactly as an application would (the same call reads any model `heed train` wrote).
var translation = Translator.Load(config.Training.ModelDir).Translate("a b c d e");
Console.WriteLine($"translation: {translation.Text}");

// Attention[i][j]: how much output token i looked at source token j; one row per output token (EOS included).
Console.WriteLine("alignment:\n      " + string.Concat(translation.SourceTokens.Select(s => $"{s,6}")));
for (int i = 0; i < translation.OutputTokens.Length; i++)
    Console.WriteLine($"{translation.OutputTokens[i],6}" + string.Concat(translation.Attention[i].Select(w => $"{w,6:F2}")));
Directory.Delete(folder, recursive: true);
