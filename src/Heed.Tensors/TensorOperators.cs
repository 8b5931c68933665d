namespace Heed.Tensors;

/// <summary>Operators for the common element-wise ops (same broadcasting rule as <see cref="Ops.Add"/>).</summary>
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator *(Tensor a, float s) => a.Scale(s);
    public static Tensor operator -(Tensor a) => a.Neg();
}
