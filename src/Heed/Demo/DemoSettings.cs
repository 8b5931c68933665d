namespace Heed.Demo;

/// <summary>How big a demo is: corpus sizes, the character-level model's size, and how long to train.</summary>
/// <param name="TrainPairs">generated training pairs</param>
/// <param name="DevPairs">pairs the trainer validates on (loss and BLEU)</param>
/// <param name="TestPairs">held-out pairs for the exact-match score, none of whose sources occur in train or dev</param>
/// <param name="Embedding">character embedding size</param>
/// <param name="Hidden">GRU size (the encoder is bidirectional, so annotations are twice this)</param>
/// <param name="BatchSentences">sentences per training step</param>
/// <param name="Steps">training steps</param>
/// <param name="LearningRate">Adam's learning rate</param>
/// <param name="ValidateEvery">steps between validations</param>
public sealed record DemoSettings(
    int TrainPairs, int DevPairs, int TestPairs, int Embedding, int Hidden, int BatchSentences, int Steps,
    double LearningRate, int ValidateEvery);
