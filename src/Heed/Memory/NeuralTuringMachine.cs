using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Memory;

/// <summary>
/// A Neural Turing Machine (Graves, Wayne and Danihelka 2014): an LSTM controller that reads its input and the last
/// read vectors, read heads and one write head addressing an N×M memory (<see cref="NtmAddressing"/>), and a linear
/// output from the controller state and the new read vectors. Batched: every tensor has the batch first.
/// </summary>
/// <remarks>
/// At step t: (h, c) = LSTM([x_t; r_{t−1}]); each read head addresses the memory and reads r_t; the write head
/// addresses it and erases and adds; y_t = W_o [h; r_t] + b_o. The memory starts at a small constant, every location
/// alike, so something else must tell locations apart: each head's first weighting is learned, softmax of a bias over
/// the N locations (<c>read_weighting_init_k</c>, <c>write_weighting_init</c>), from which shifts can walk (Collier and
/// Beel 2018 found this start, with constant memory, to learn the copy task fastest). A zero first weighting would
/// stay uniform through every shift and sharpening. The read vectors start at learned values (<c>read_init_k</c>).
/// Parameters: <c>controller.*</c>, <c>read_k.fc.*</c>, <c>write.fc.*</c>, <c>output.*</c> and the starts above.
/// </remarks>
public sealed class NeuralTuringMachine : Module
{
    /// <summary>The value every memory cell starts from (not 0, whose cosine with every key would be 0).</summary>
    public const float InitialMemory = 1e-6f;

    private readonly NtmHead[] _readHeads;
    private readonly Tensor[] _readInit;
    private readonly Tensor[] _readWeightingInit;
    private readonly Tensor _writeWeightingInit;

    /// <summary>The input, output, controller, memory and head sizes the machine was built with.</summary>
    public NtmConfig Config { get; }

    /// <summary>The LSTM controller: each step it reads the input and the previous reads, and emits the heads'
    /// parameters and the output's features.</summary>
    public LstmCell Controller { get; }

    /// <summary>The head that erases from and adds to memory each step (after the read heads have read).</summary>
    public NtmHead WriteHead { get; }

    /// <summary>Maps the controller's state and this step's reads to the output logits (a sigmoid gives bits).</summary>
    public Linear Output { get; }

    /// <param name="config">sizes (validated)</param>
    /// <param name="seed">initialisation seed</param>
    /// <exception cref="HeedInputException">a size is out of range.</exception>
    public NeuralTuringMachine(NtmConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var random = new Random(seed);
        int reads = config.ReadHeads * config.Width;
        Controller = RegisterModule("controller", new LstmCell(config.InputSize + reads, config.ControllerSize, random));
        _readHeads = new NtmHead[config.ReadHeads];
        _readInit = new Tensor[config.ReadHeads];
        _readWeightingInit = new Tensor[config.ReadHeads];
        for (int k = 0; k < config.ReadHeads; k++)
        {
            _readHeads[k] = RegisterModule($"read_{k}", new NtmHead(config.ControllerSize, config.Width, config.Shifts, isWrite: false, random));
            _readInit[k] = RegisterParameter($"read_init_{k}", Init.Uniform(random, 0.1f, config.Width));
            _readWeightingInit[k] = RegisterParameter($"read_weighting_init_{k}", Init.Uniform(random, 1f, config.Locations));
        }
        WriteHead = RegisterModule("write", new NtmHead(config.ControllerSize, config.Width, config.Shifts, isWrite: true, random));
        _writeWeightingInit = RegisterParameter("write_weighting_init", Init.Uniform(random, 1f, config.Locations));
        Output = RegisterModule("output", new Linear(config.ControllerSize + reads, config.OutputSize, random));
        NameParameters();
    }

    /// <summary>Runs the machine over a whole input sequence from a fresh memory.</summary>
    /// <param name="inputs">[B, T, InputSize]</param>
    /// <param name="trace">also return batch row 0's weightings at every step</param>
    /// <returns>Logits [B, T, OutputSize], and the trace when asked for.</returns>
    /// <exception cref="ArgumentException">the input is not [B, T, InputSize].</exception>
    public (Tensor Logits, NtmTrace? Trace) Forward(Tensor inputs, bool trace = false)
    {
        if (inputs.Rank != 3 || inputs.Dim(2) != Config.InputSize)
            throw new ArgumentException($"NeuralTuringMachine: input {inputs.Describe()} must be [B, T, {Config.InputSize}].");
        int batch = inputs.Dim(0), steps = inputs.Dim(1), n = Config.Locations;
        var memory = Tensor.Full(InitialMemory, batch, n, Config.Width);
        var h = Tensor.Zeros(batch, Config.ControllerSize);
        var c = Tensor.Zeros(batch, Config.ControllerSize);
        var reads = _readInit.Select(r => Tensor.Zeros(batch, Config.Width) + r).ToArray();
        var readWeights = _readWeightingInit.Select(w => (Tensor.Zeros(batch, n) + w).Softmax()).ToArray();   // [B, N] each
        var writeWeight = (Tensor.Zeros(batch, n) + _writeWeightingInit).Softmax();
        var outputs = new Tensor[steps];
        var readTrace = trace ? new float[steps][] : null;
        var writeTrace = trace ? new float[steps][] : null;
        for (int t = 0; t < steps; t++)
        {
            var controllerInput = Ops.Concat([inputs.Select(1, t), .. reads], -1);   // [B, in + R·M]
            (h, c) = Controller.Forward(controllerInput, h, c);
            for (int k = 0; k < _readHeads.Length; k++)
            {
                readWeights[k] = NtmAddressing.Address(_readHeads[k].Parameters(h), memory, readWeights[k]);
                reads[k] = NtmMemory.Read(memory, readWeights[k]);
            }
            var write = WriteHead.Parameters(h);
            writeWeight = NtmAddressing.Address(write, memory, writeWeight);
            memory = NtmMemory.Write(memory, writeWeight, write.Erase!, write.Add!);
            outputs[t] = Output.Forward(Ops.Concat([h, .. reads], -1));                // [B, out]
            if (trace)
            {
                readTrace![t] = readWeights[0].Span[..n].ToArray();
                writeTrace![t] = writeWeight.Span[..n].ToArray();
            }
        }
        return (Ops.Stack(outputs, 1), trace ? new NtmTrace(readTrace!, writeTrace!) : null);
    }
}
