using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Memory;

/// <summary>
/// One read or write head: a linear map from the controller's output to the head's raw parameters
/// (key M, β 1, g 1, shift S, γ 1, and for a write head erase M and add M), split and activated into
/// <see cref="NtmHeadParameters"/>.
/// </summary>
public sealed class NtmHead : Module
{
    /// <summary>The controller-to-parameters map (<c>fc.weight</c>, <c>fc.bias</c>).</summary>
    public Linear Fc { get; }

    /// <summary>True for a write head (emits erase and add vectors).</summary>
    public bool IsWrite { get; }

    /// <summary>M, the memory width.</summary>
    public int Width { get; }

    /// <summary>S, the number of allowed shifts (centred on 0).</summary>
    public int Shifts { get; }

    /// <param name="controllerSize">features of the controller output</param>
    /// <param name="width">M</param>
    /// <param name="shifts">S, odd</param>
    /// <param name="isWrite">write head (erase and add) or read head</param>
    /// <param name="random">seeded initialiser</param>
    public NtmHead(int controllerSize, int width, int shifts, bool isWrite, Random random)
    {
        Width = width;
        Shifts = shifts;
        IsWrite = isWrite;
        Fc = RegisterModule("fc", new Linear(controllerSize, RawSize, random));
    }

    private int RawSize => Width + 3 + Shifts + (IsWrite ? 2 * Width : 0);

    /// <param name="controllerOutput">[B, controllerSize]</param>
    public NtmHeadParameters Parameters(Tensor controllerOutput)
    {
        int batch = controllerOutput.Dim(0);
        int[] sizes = IsWrite ? [Width, 1, 1, Shifts, 1, Width, Width] : [Width, 1, 1, Shifts, 1];
        var raw = Fc.Forward(controllerOutput).Split(-1, sizes);
        Tensor Scalar(Tensor t) => t.Reshape(batch); // [B, 1] → [B]
        return new NtmHeadParameters(
            raw[0].Tanh(),
            Scalar(raw[1]).Softplus(),
            Scalar(raw[2]).Sigmoid(),
            raw[3].Softmax(),
            Scalar(raw[4]).Softplus().AddScalar(1f),
            IsWrite ? raw[5].Sigmoid() : null,
            IsWrite ? raw[6].Tanh() : null);
    }
}
