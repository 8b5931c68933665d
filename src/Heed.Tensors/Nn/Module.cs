namespace Heed.Tensors.Nn;

/// <summary>
/// A piece of a model holding parameters and sub-modules under names, so every parameter has a hierarchical
/// name as PyTorch gives it (<c>encoder.rnn.weight_ih_l0</c>) for checkpoints and messages.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = new();
    private readonly List<(string Name, Module Module)> _children = new();

    /// <summary>True while training (dropout active); see <see cref="Train"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a parameter under <paramref name="name"/> (unique within this module).</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        CheckNewName(name);
        if (!parameter.RequiresGrad)
            throw new ArgumentException($"Parameter '{name}' must require gradients (make it with Tensor.Parameter).");
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a sub-module under <paramref name="name"/>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckNewName(name);
        _children.Add((name, module));
        return module;
    }

    private void CheckNewName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a valid parameter or module name (non-empty, no dots).");
        if (_parameters.Any(p => p.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"'{name}' is registered twice in {GetType().Name}.");
    }

    /// <summary>Every parameter with its dotted name, in registration order (depth first).</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, tensor) in _parameters)
            yield return (prefix + name, tensor);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedParameters(prefix + name + "."))
                yield return item;
    }

    /// <summary>This module and every module below it, depth first.</summary>
    public IEnumerable<Module> Modules()
    {
        yield return this;
        foreach (var (_, child) in _children)
            foreach (var m in child.Modules()) yield return m;
    }

    /// <summary>Every parameter.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Total number of scalar parameters.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Length);

    /// <summary>Switches this module and its sub-modules to training (true) or evaluation (false) behaviour.</summary>
    public void Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children) child.Train(training);
    }

    /// <summary>Evaluation mode: dropout off.</summary>
    public void Eval() => Train(false);

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>Gives every parameter its full dotted name (for messages); call on the root after building.</summary>
    public void NameParameters()
    {
        foreach (var (name, p) in NamedParameters()) p.Name = name;
    }
}
