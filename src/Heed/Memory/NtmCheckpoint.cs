using Heed.Io;

namespace Heed.Memory;

/// <summary>Saves a <see cref="NeuralTuringMachine"/> with its sizes and rebuilds it from the file alone.</summary>
internal static class NtmCheckpoint
{
    private static readonly string[] Keys = ["ntm.input", "ntm.output", "ntm.controller", "ntm.locations", "ntm.width", "ntm.read_heads", "ntm.shifts"];

    /// <summary>Writes the parameters and sizes through <see cref="ModelDirectory.SaveCheckpoint"/>.</summary>
    public static void Save(string file, NeuralTuringMachine model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = model.Config;
        SizedCheckpoint.Save(file, model, Keys.Zip([c.InputSize, c.OutputSize, c.ControllerSize, c.Locations, c.Width, c.ReadHeads, c.Shifts]).ToList());
    }

    /// <summary>Reads a file written by <see cref="Save"/> into a new machine (in evaluation mode).</summary>
    /// <exception cref="HeedInputException">the file is missing, of another format, or not an NTM checkpoint.</exception>
    public static NeuralTuringMachine Load(string file)
    {
        var v = SizedCheckpoint.Sizes(file, Keys, "an NTM");
        var model = new NeuralTuringMachine(new NtmConfig(v[0], v[1], v[2], v[3], v[4], v[5], v[6]), seed: 0);
        ModelDirectory.LoadCheckpoint(file, model);
        model.Eval();
        return model;
    }
}
