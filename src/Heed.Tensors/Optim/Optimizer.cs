namespace Heed.Tensors.Optim;

/// <summary>
/// A first-order optimiser over named parameters. Per-parameter state lives in named slots (Adam: "m" and "v";
/// SGD: "momentum"), exported as <c>{prefix}.{slot}.{parameter name}</c> plus <c>{prefix}.step</c>, so a checkpoint
/// restores it by name and a resumed run continues bit-identically.
/// </summary>
/// <remarks>
/// The step counter is shared by all parameters (PyTorch keeps one per parameter; they differ only for a parameter
/// that had no gradient in some step). A parameter no backward pass reached is skipped, as in PyTorch.
/// </remarks>
public abstract class Optimizer
{
    private readonly (string Name, Tensor Parameter)[] _parameters;
    private readonly string _prefix;
    private readonly string[] _slotNames;
    private readonly float[][][] _slots; // [slot][parameter] → values, same length as the parameter

    /// <summary>The learning rate of the next <see cref="Step"/> (schedules set it before each step).</summary>
    public float LearningRate { get; set; }

    /// <summary>Number of steps taken (the t of Adam's bias correction).</summary>
    public long StepCount { get; private set; }

    /// <summary>The optimised parameters with their names.</summary>
    public IReadOnlyList<(string Name, Tensor Parameter)> Parameters => _parameters;

    /// <param name="parameters">named parameters, e.g. <c>model.NamedParameters()</c>; names must be unique</param>
    /// <param name="learningRate">initial learning rate (≥ 0)</param>
    /// <param name="prefix">state-name prefix, e.g. "adam"</param>
    /// <param name="slotNames">per-parameter state buffers this optimiser keeps</param>
    protected Optimizer(IEnumerable<(string Name, Tensor Parameter)> parameters, float learningRate, string prefix, params string[] slotNames)
    {
        _parameters = parameters.ToArray();
        var duplicate = _parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{GetType().Name}: parameter name '{duplicate.Key}' appears twice.");
        foreach (var (name, p) in _parameters)
            if (!p.RequiresGrad) throw new ArgumentException($"{GetType().Name}: parameter '{name}' does not require gradients.");
        CheckRate(learningRate);
        LearningRate = learningRate;
        _prefix = prefix;
        _slotNames = slotNames;
        _slots = slotNames.Select(_ => _parameters.Select(p => new float[p.Parameter.Length]).ToArray()).ToArray();
    }

    private void CheckRate(float rate)
    {
        if (!(rate >= 0) || float.IsInfinity(rate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), $"{GetType().Name}: learning rate {rate} must be finite and ≥ 0.");
    }

    /// <summary>Updates every parameter that has a gradient, in place.</summary>
    public void Step()
    {
        CheckRate(LearningRate);
        StepCount++;
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i].Parameter;
            if (!p.TryGetGrad(out _)) continue;
            var slots = new float[_slots.Length][];
            for (int s = 0; s < slots.Length; s++) slots[s] = _slots[s][i];
            // Element-wise, so any split of the elements gives the same values; a large parameter's update runs on
            // every thread (it streams the weights, gradient and state: memory-bound, and serial between the
            // data-parallel replicas' passes).
            Parallelism.ForRangesIfLarge(p.Length, p.Length, (start, end, _) =>
            {
                p.TryGetGrad(out var grad);
                Update(p.Span[start..end], grad[start..end], slots, start);
            });
        }
    }

    /// <summary>Applies one step to a range of one parameter's elements.</summary>
    /// <param name="parameter">the values in the range, updated in place</param>
    /// <param name="grad">its gradient in the range</param>
    /// <param name="slots">the parameter's whole state buffers, in the order of the slot names given to the constructor</param>
    /// <param name="offset">where the range starts in the parameter (and hence in each slot)</param>
    protected abstract void Update(Span<float> parameter, ReadOnlySpan<float> grad, float[][] slots, int offset);

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in _parameters)
            Parallelism.ForRangesIfLarge(p.Length, p.Length, (start, end, _) =>
            {
                if (p.TryGetGrad(out var grad)) grad[start..end].Clear();
            });
    }

    /// <summary>
    /// A copy of the optimiser state: one entry per slot and parameter (<c>{prefix}.{slot}.{name}</c>, the parameter's
    /// shape) and <c>{prefix}.step</c> (shape [1]; exact up to 2²⁴ steps, beyond which export throws).
    /// </summary>
    public IReadOnlyList<(string Name, float[] Data, int[] Shape)> ExportState()
    {
        if (StepCount > 1 << 24)
            throw new InvalidOperationException($"{GetType().Name}: step count {StepCount} is beyond what the float step entry stores exactly (2^24).");
        var state = new List<(string, float[], int[])> { ($"{_prefix}.step", [StepCount], [1]) };
        for (int s = 0; s < _slotNames.Length; s++)
            for (int i = 0; i < _parameters.Length; i++)
                state.Add(($"{_prefix}.{_slotNames[s]}.{_parameters[i].Name}", (float[])_slots[s][i].Clone(), _parameters[i].Parameter.Shape.ToArray()));
        return state;
    }

    /// <summary>Restores state written by <see cref="ExportState"/> for the same parameter names and shapes.</summary>
    /// <exception cref="ArgumentException">naming the entry that is missing, unexpected or of the wrong shape.</exception>
    public void ImportState(IReadOnlyList<(string Name, float[] Data, int[] Shape)> state)
    {
        var byName = new Dictionary<string, (float[] Data, int[] Shape)>();
        foreach (var (name, data, shape) in state)
            if (!byName.TryAdd(name, (data, shape))) throw new ArgumentException($"Optimiser state entry '{name}' appears twice.");
        var expected = ExportState().ToDictionary(e => e.Name, e => e.Shape);
        var unexpected = byName.Keys.FirstOrDefault(k => !expected.ContainsKey(k));
        if (unexpected is not null)
            throw new ArgumentException($"Optimiser state entry '{unexpected}' does not belong to this {GetType().Name} (its entries start with '{_prefix}.').");
        foreach (var (name, shape) in expected)
        {
            if (!byName.TryGetValue(name, out var entry))
                throw new ArgumentException($"Optimiser state has no entry '{name}'.");
            if (!entry.Shape.SequenceEqual(shape) || entry.Data.Length != ShapeOf.Count(shape))
                throw new ArgumentException($"Optimiser state entry '{name}' has shape {ShapeOf.Format(entry.Shape)} with {entry.Data.Length} values; expected {ShapeOf.Format(shape)}.");
        }
        float step = byName[$"{_prefix}.step"].Data[0];
        if (!(step >= 0) || step != MathF.Floor(step))
            throw new ArgumentException($"Optimiser state entry '{_prefix}.step' is {step}, not a step count.");
        for (int s = 0; s < _slotNames.Length; s++)
            for (int i = 0; i < _parameters.Length; i++)
                byName[$"{_prefix}.{_slotNames[s]}.{_parameters[i].Name}"].Data.CopyTo(_slots[s][i], 0);
        StepCount = (long)step;
    }
}
