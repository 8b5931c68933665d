using System.Runtime.InteropServices;

namespace Heed.Cli.Commands;

/// <summary>
/// Turns the first SIGINT (Ctrl-C) or SIGTERM into a cancelled token, so that training can finish its step and save
/// instead of dying mid-write; a second signal is left to the runtime's default and ends the process at once (the
/// checkpoints on disk stay loadable either way, since every file is written atomically).
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    private InterruptSignal() { }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Starts listening; <paramref name="notice"/> is told what happens when the first signal arrives.</summary>
    public static InterruptSignal Listen(Action<string> notice)
    {
        var listener = new InterruptSignal();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            listener._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (listener._cancel.IsCancellationRequested) return; // the second one: default handling, the process ends
                context.Cancel = true;
                notice($"{context.Signal}: stopping after the current step and saving last.safetensors (send it again to stop at once).");
                listener._cancel.Cancel();
            }));
        return listener;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }
}
