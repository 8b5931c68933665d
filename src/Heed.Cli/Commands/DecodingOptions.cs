using System.CommandLine;
using Heed.Config;
using Heed.Decoding;

namespace Heed.Cli.Commands;

/// <summary>The search options shared by translate, test and align; unset ones come from the model's config.</summary>
internal static class DecodingOptions
{
    public static (Option<int?> Beam, Option<double?> Alpha, Option<int?> BatchSize, Option<int> NBest, Option<bool> ReplaceUnk) Create() => (
        new Option<int?>("--beam") { Description = "Beam width (1 = greedy). Default: decoding.beam of the model's config." },
        new Option<double?>("--alpha") { Description = "GNMT length-penalty exponent. Default: decoding.alpha." },
        new Option<int?>("--batch-size") { Description = "Sentences decoded together. Default: decoding.batch_size." },
        new Option<int>("--nbest") { Description = "Print the n best translations with their scores.", DefaultValueFactory = _ => 1 },
        new Option<bool>("--replace-unk") { Description = "Replace <unk> by the most-attended source token." });

    public static SearchOptions Read(ParseResult parse, ExperimentConfig config, Option<int?> beam, Option<double?> alpha, Option<int> nbest)
    {
        int k = parse.GetValue(beam) ?? config.Decoding.Beam;
        double a = parse.GetValue(alpha) ?? config.Decoding.Alpha;
        int n = parse.GetValue(nbest);
        CheckBeam(k);
        if (!double.IsFinite(a) || a < 0) throw new HeedInputException($"--alpha {a}: must be a number of 0 or more (1 is usual; 0 turns the length penalty off).");
        if (n < 1 || n > k) throw new HeedInputException($"--nbest {n}: must be between 1 and the beam width ({k}).");
        return new SearchOptions(Beam: k, Alpha: a, MaxLengthRatio: config.Decoding.MaxLengthRatio, NBest: n);
    }

    /// <summary>--batch-size, or decoding.batch_size of the model's config; refused below 1.</summary>
    public static int ReadBatchSize(ParseResult parse, ExperimentConfig config, Option<int?> batch)
    {
        int size = parse.GetValue(batch) ?? config.Decoding.BatchSize;
        return size >= 1 ? size : throw new HeedInputException($"--batch-size {size}: must be at least 1 (sentences decoded together; 64 is usual).");
    }

    /// <summary>The widest beam accepted, as decoding.beam's range in a config: search memory grows with it.</summary>
    public const int MaxBeam = 100;

    /// <summary>Refuses a beam width outside [1, <see cref="MaxBeam"/>], saying what to use instead.</summary>
    public static void CheckBeam(int k)
    {
        if (k < 1) throw new HeedInputException($"--beam {k}: must be at least 1 (1 is greedy search).");
        if (k > MaxBeam)
            throw new HeedInputException($"--beam {k}: must be at most {MaxBeam}; search memory grows with the beam and widths beyond about 10 rarely help. Try --beam 5.");
    }
}
