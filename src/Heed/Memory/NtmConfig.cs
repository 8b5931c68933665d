namespace Heed.Memory;

/// <summary>The sizes of a Neural Turing Machine.</summary>
/// <param name="InputSize">features of each input vector</param>
/// <param name="OutputSize">features of each output vector (logits)</param>
/// <param name="ControllerSize">LSTM controller units (the paper's copy NTM: 100)</param>
/// <param name="Locations">N, memory locations (paper: 128)</param>
/// <param name="Width">M, the width of a location (paper: 20)</param>
/// <param name="ReadHeads">read heads (paper's copy task: 1); there is always one write head</param>
/// <param name="Shifts">S, allowed shifts centred on 0 (3: −1, 0, +1)</param>
public sealed record NtmConfig(int InputSize, int OutputSize, int ControllerSize = 100, int Locations = 128, int Width = 20, int ReadHeads = 1, int Shifts = 3)
{
    /// <summary>Throws when a size is out of range.</summary>
    /// <exception cref="HeedInputException">a size is not positive, or the shifts are even or more than the locations; the message names the option.</exception>
    public void Validate()
    {
        Check(InputSize, "input size");
        Check(OutputSize, "output size");
        Check(ControllerSize, "--controller");
        Check(Locations, "--memory-locations");
        Check(Width, "--memory-width");
        Check(ReadHeads, "--read-heads");
        if (Shifts < 1 || Shifts % 2 == 0 || Shifts > Locations)
            throw new HeedInputException($"--shifts {Shifts}: must be odd and in [1, {Locations}] (the memory locations).");
    }

    private static void Check(int value, string name)
    {
        if (value < 1 || value > 100_000) throw new HeedInputException($"{name} {value}: must be in [1, 100000].");
    }
}
