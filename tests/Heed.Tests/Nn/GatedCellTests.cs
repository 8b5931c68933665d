using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Tests.Nn;

/// <summary>GruCell and LstmCell modules used step by step, as a decoder does.</summary>
public class GatedCellTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ThreeDecoderSteps_MatchFiniteDifferences(bool gru)
    {
        // The decoder feeds its own input each step; gradients flow through the three steps into every parameter.
        GatedCell cell = gru ? new GruCell(3, 4, new Random(1)) : new LstmCell(3, 4, new Random(1));
        var random = new Random(2);
        var inputs = Enumerable.Range(0, 3).Select(_ => GradientCheck.RandomLeaf(random, 1f, 2, 3)).ToArray();
        Tensor[] Run()
        {
            var h = Tensor.Zeros(2, 4); var c = Tensor.Zeros(2, 4);
            var outs = new List<Tensor>();
            foreach (var x in inputs)
            {
                if (cell is GruCell g) h = g.Forward(x, h);
                else (h, c) = ((LstmCell)cell).Forward(x, h, c);
                outs.Add(h);
            }
            return [.. outs, c];
        }
        GradientCheck.AssertGradients(Run, [.. inputs, .. cell.Parameters()]);
    }

    [Fact]
    public void Cells_UsePyTorchCellParameterNames()
    {
        // From torch.nn.GRUCell(3, 4).named_parameters(): weight_ih [12, 3], weight_hh [12, 4], bias_ih [12], bias_hh [12].
        var names = new GruCell(3, 4, new Random(1)).NamedParameters().Select(p => $"{p.Name}[{string.Join(",", p.Parameter.Shape.ToArray())}]");
        Assert.Equal(["weight_ih[12,3]", "weight_hh[12,4]", "bias_ih[12]", "bias_hh[12]"], names);
    }
}
