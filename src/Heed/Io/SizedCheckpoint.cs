using System.Globalization;

namespace Heed.Io;

/// <summary>
/// A checkpoint (<see cref="ModelDirectory.SaveCheckpoint"/>) that also stores the integer sizes its model is built
/// from, as metadata, so the model can be rebuilt from the file alone (the pointer network and the NTM have no
/// model directory with a config).
/// </summary>
internal static class SizedCheckpoint
{
    /// <summary>Writes the model's parameters with <paramref name="sizes"/> as metadata.</summary>
    public static void Save(string file, Tensors.Nn.Module model, IReadOnlyList<(string Key, int Value)> sizes) =>
        ModelDirectory.SaveCheckpoint(file, model, metadata: sizes.ToDictionary(s => s.Key, s => s.Value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The sizes stored under <paramref name="keys"/>.</summary>
    /// <exception cref="HeedInputException">the file is missing or lacks a key (it is some other kind of checkpoint, named by <paramref name="kind"/>).</exception>
    public static int[] Sizes(string file, IReadOnlyList<string> keys, string kind)
    {
        if (!File.Exists(file)) throw new HeedInputException($"Checkpoint '{file}' does not exist.");
        var metadata = SafeTensors.Read(file).Metadata;
        return keys.Select(k => metadata.TryGetValue(k, out var s) && int.TryParse(s, CultureInfo.InvariantCulture, out int x)
            ? x : throw new HeedInputException($"Checkpoint '{file}' is not {kind} checkpoint: metadata '{k}' is missing.")).ToArray();
    }

    /// <summary>The size stored under <paramref name="key"/>, or null when the file has none (written before the key existed).</summary>
    public static int? OptionalSize(string file, string key) =>
        SafeTensors.Read(file).Metadata.TryGetValue(key, out var s) && int.TryParse(s, CultureInfo.InvariantCulture, out int x) ? x : null;
}
