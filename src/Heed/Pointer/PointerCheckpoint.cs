using Heed.Io;

namespace Heed.Pointer;

/// <summary>Saves a <see cref="PointerNetwork"/> with its sizes and rebuilds it from the file alone.</summary>
internal static class PointerCheckpoint
{
    private static readonly string[] Keys = ["pointer.input", "pointer.embedding", "pointer.hidden", "pointer.attention", "pointer.mask_chosen"];

    /// <summary>Written since the encoder could be bidirectional; a checkpoint without it has a one-way encoder.</summary>
    private const string BidirectionalKey = "pointer.bidirectional";

    /// <summary>Written since the pointer could take a glimpse; a checkpoint without it has none.</summary>
    private const string GlimpseKey = "pointer.glimpse";

    /// <summary>Writes the parameters and sizes through <see cref="ModelDirectory.SaveCheckpoint"/>.</summary>
    public static void Save(string file, PointerNetwork model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = model.Config;
        SizedCheckpoint.Save(file, model, [.. Keys.Zip([c.InputSize, c.Embedding, c.Hidden, c.AttentionSize, c.MaskChosen ? 1 : 0]), (BidirectionalKey, c.Bidirectional ? 1 : 0), (GlimpseKey, c.Glimpse ? 1 : 0)]);
    }

    /// <summary>Reads a file written by <see cref="Save"/> into a new network (in evaluation mode).</summary>
    /// <exception cref="HeedInputException">the file is missing, of another format, or not a pointer-network checkpoint.</exception>
    public static PointerNetwork Load(string file)
    {
        var v = SizedCheckpoint.Sizes(file, Keys, "a pointer-network");
        bool bidirectional = SizedCheckpoint.OptionalSize(file, BidirectionalKey) is int b && b != 0;
        bool glimpse = SizedCheckpoint.OptionalSize(file, GlimpseKey) is int g && g != 0;
        var model = new PointerNetwork(new PointerNetworkConfig(v[0], v[1], v[2], v[3], v[4] != 0, bidirectional, glimpse), seed: 0);
        ModelDirectory.LoadCheckpoint(file, model);
        model.Eval();
        return model;
    }
}
