using Heed.Models;
using Heed.Tensors;
using static Heed.Tests.GradientCheck;

namespace Heed.Tests.Models;

public class DecoderCellStackTests
{
    /// <summary>
    /// The split step (leading part projected separately through the first columns of weight_ih, the rest through
    /// the last ones) against the composite it replaces: each layer's cell on its whole input, the first layer's input
    /// concatenated [u; v]. Values and every parameter's gradient must agree.
    /// </summary>
    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    public void SplitStep_EqualsCellOnConcatenatedInput(bool lstm, int layers)
    {
        const int b = 3, u = 4, v = 5, hidden = 6;
        var stack = new DecoderCellStack(u + v, hidden, layers, lstm, dropout: 0.3f, new Random(5));
        stack.Eval(); // no dropout between layers, so both sides compute the same function
        var p = stack.NamedParameters().ToDictionary(x => x.Name, x => x.Parameter);
        var lead = Random(1, [b, u]); var rest = Random(2, [b, v]);
        var h = Enumerable.Range(0, layers).Select(l => Random(10 + l, [b, hidden])).ToArray();
        var c = lstm ? Enumerable.Range(0, layers).Select(l => Random(20 + l, [b, hidden])).ToArray() : null;
        var weights = Random(30, [b, hidden]);

        var (newH, newC) = stack.Step(stack.ProjectLeading(lead), rest, h, c);
        var loss = newH[^1].Mul(weights).Sum();
        if (lstm) loss = loss.Add(newC![^1].Sum());
        loss.Backward();
        var grads = p.ToDictionary(x => x.Key, x => x.Value.Grad!.ToArray());
        var inputGrads = new[] { lead.Grad!.ToArray(), rest.Grad!.ToArray() };
        foreach (var t in p.Values.Concat([lead, rest])) t.ZeroGrad();

        Tensor x = Ops.Concat([lead, rest], 1), top = x, topC = x;
        for (int l = 0; l < layers; l++)
        {
            var proj = Ops.Linear(x, p[$"cell{l}.weight_ih"], p[$"cell{l}.bias_ih"]);
            if (lstm) (top, topC) = Ops.LstmCell(proj, h[l], c![l], p[$"cell{l}.weight_hh"], p[$"cell{l}.bias_hh"]);
            else top = Ops.GruCell(proj, h[l], p[$"cell{l}.weight_hh"], p[$"cell{l}.bias_hh"]);
            x = top;
        }
        var expected = top.Mul(weights).Sum();
        if (lstm) expected = expected.Add(topC.Sum());
        expected.Backward();

        Assert.Equal(expected.Item(), loss.Item(), 5);
        foreach (var (name, t) in p)
            AssertClose(t.Grad!.ToArray(), grads[name], name);
        AssertClose(lead.Grad!.ToArray(), inputGrads[0], "leading input");
        AssertClose(rest.Grad!.ToArray(), inputGrads[1], "rest input");
    }

    private static void AssertClose(float[] expected, float[] actual, string name)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-4f * Math.Abs(expected[i]),
                $"{name}[{i}]: split step gives {actual[i]}, the composite {expected[i]}");
    }
}
