// HelloHeed: train a tiny attention model to reverse sequences of symbols ("a b c" → "c b a": each output token must
// look at a different source token), translate with it, and print the alignment. Seconds on one thread.
using Heed.Config;
using Heed.Training;
using Heed.Translation;

Directory.SetCurrentDirectory(Directory.CreateTempSubdirectory("hello-heed-").FullName); // data and model go here
var random = new Random(1);                                                              // the same corpus every run
var lines = Enumerable.Range(0, 1200).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(3, 8)).Select(_ => (char)('a' + random.Next(8))))).ToArray();
File.WriteAllLines("train.src", lines);
File.WriteAllLines("train.trg", lines.Select(l => string.Join(' ', l.Split(' ').Reverse())));
// Unset fields take the defaults a config file's absent keys take. 1,200 pairs / 32 per batch × 6 epochs = 228 steps.
new Trainer(new ExperimentConfig("hello", new DataConfig("train.src", "train.trg"), new RnnConfig(EmbeddingSize: 24, HiddenSize: 48, Dropout: 0.1),
    new TrainingConfig("model", BatchTokens: 0, BatchSentences: 32, Epochs: 6, LearningRate: 0.005, Threads: 1), new DecodingConfig())).Run();
var translation = Translator.Load("model").Translate("a b c d e");                     // any directory heed train wrote
Console.WriteLine($"translation: {translation.Text}\nalignment:\n      " + string.Concat(translation.SourceTokens.Select(s => $"{s,6}")));
for (int i = 0; i < translation.OutputTokens.Length; i++)                                // Attention[output token][source token]
    Console.WriteLine($"{translation.OutputTokens[i],6}" + string.Concat(translation.Attention[i].Select(w => $"{w,6:F2}")));
Directory.Delete(Environment.CurrentDirectory, recursive: true);
