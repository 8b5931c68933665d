using Heed.Config;
using Heed.Tensors.Nn;
using Heed.Tensors.Optim;

namespace Heed.Training;

/// <summary>The optimiser <c>training.optimizer</c> names, over a model's parameters.</summary>
public static class OptimizerFactory
{
    /// <summary>adam (PyTorch's Adam: weight decay joins the gradient) or adamw (decoupled weight decay), with
    /// β₁ = 0.9, β₂ = <c>training.beta2</c>, ε = 1e-8, λ = <c>training.weight_decay</c>, at <c>training.lr</c>.</summary>
    public static Optimizer Create(TrainingConfig training, Module model)
    {
        float lr = (float)training.LearningRate, beta2 = (float)training.Beta2, decay = (float)training.WeightDecay;
        return training.Optimizer switch
        {
            "adam" => new Adam(model.NamedParameters(), lr, beta2: beta2, weightDecay: decay),
            "adamw" => new AdamW(model.NamedParameters(), lr, beta2: beta2, weightDecay: decay),
            _ => throw new HeedInputException($"training.optimizer is '{training.Optimizer}'; valid values: {string.Join(", ", TrainingConfig.Optimizers)}."),
        };
    }
}
