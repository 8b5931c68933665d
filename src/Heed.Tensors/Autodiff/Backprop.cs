namespace Heed.Tensors.Autodiff;

/// <summary>Reverse-mode differentiation over the graph that ops recorded (micrograd's algorithm, iterative).</summary>
internal static class Backprop
{
    public static void Run(Tensor root)
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException($"Backward() on tensor {root.Describe()}, which does not require gradients (no recorded op leads to it).");
        if (root.Length != 1)
            throw new InvalidOperationException($"Backward() needs a one-element tensor (a loss); this one has shape {ShapeOf.Format(root.Shape)}.");

        var order = TopologicalOrder(root);
        root.GradForAccumulation()[0] += 1f;
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (node.BackwardFn is null) continue;
            if (node.TryGetGrad(out _))
            {
                if (!Diagnostics.PhaseProfiler.Enabled) node.BackwardFn();
                else using (Diagnostics.PhaseProfiler.Measure("backward: " + Diagnostics.PhaseProfiler.OpName(node.BackwardFn))) node.BackwardFn();
            }
            // An intermediate's gradient is spent once it has been passed on: give its buffer back now,
            // so peak memory holds activations plus a frontier of gradients, not every gradient at once.
            node.DropGrad();
        }
    }

    /// <summary>Post-order of the graph below <paramref name="root"/>: every node after all its parents.</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, int NextParent)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.Parents.Length)
            {
                stack.Push((node, next + 1));
                var parent = node.Parents[next];
                if (parent.RequiresGrad && visited.Add(parent)) stack.Push((parent, 0));
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }
}
