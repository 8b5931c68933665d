namespace Heed.Tensors;

/// <summary>Operators for the common element-wise ops (same broadcasting rule as <see cref="Ops.Add"/>).</summary>
public sealed partial class Tensor
{
    /// <summary>Element-wise a + b; see <see cref="Ops.Add"/>.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    /// <summary>Element-wise a − b; see <see cref="Ops.Sub"/>.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    /// <summary>Element-wise a · b (not a matrix product); see <see cref="Ops.Mul"/>.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    /// <summary>Element-wise a / b; see <see cref="Ops.Div"/>.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    /// <summary>Every element times the scalar <paramref name="s"/>; see <see cref="Ops.Scale"/>.</summary>
    public static Tensor operator *(Tensor a, float s) => a.Scale(s);
    /// <summary>Every element negated; see <see cref="Ops.Neg"/>.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();
}
