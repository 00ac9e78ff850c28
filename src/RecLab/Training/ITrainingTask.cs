using static TorchSharp.torch;

namespace RecLab.Training;

/// <summary>
/// What <see cref="Trainer"/> needs from a model and its data: the module, how many training examples there are, the
/// loss of a batch, and a validation figure for early stopping. The task keeps its data on the training device.
/// </summary>
public interface ITrainingTask
{
    /// <summary>The module trained (already on the device).</summary>
    nn.Module Model { get; }

    /// <summary>Training examples; batches index 0 .. TrainCount - 1.</summary>
    int TrainCount { get; }

    /// <summary>Name of the validation figure, e.g. <c>valid_loss</c> or <c>MRR@20</c>.</summary>
    string ValidationMetric { get; }

    /// <summary>Whether a larger validation figure is better.</summary>
    bool HigherIsBetter { get; }

    /// <summary>The mean loss of the examples in <paramref name="batch"/> (int64 indices on the device), in training mode.</summary>
    Tensor Loss(Tensor batch);

    /// <summary>The mean loss of <paramref name="batch"/> with its gradients accumulated into the model's parameters;
    /// returns the loss, detached. By default <see cref="Loss"/> then <c>backward()</c>; a task whose batch needs more
    /// memory than one pass should take (CORE's logits over every item) overrides it to work in pieces.</summary>
    Tensor Backward(Tensor batch)
    {
        var loss = Loss(batch);
        loss.backward();
        return loss.detach();
    }

    /// <summary>The validation figure; called in evaluation mode without gradients.</summary>
    double Validate();
}
