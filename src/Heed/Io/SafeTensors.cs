using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Heed.Io;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{"name":{"dtype":"F32","shape":[2,3],"data_offsets":[begin,end]},"__metadata__":{"key":"value"}}</c>,
/// padded with spaces to a multiple of 8), then the raw little-endian tensor bytes, offsets relative to the end of
/// the header. Heed stores float32 weights (F32) and integer counters (I32, I64) as plain arrays.
/// </summary>
public static class SafeTensors
{
    /// <summary>Element types Heed reads and writes.</summary>
    public enum DType
    {
        /// <summary>IEEE 754 binary32.</summary>
        F32,
        /// <summary>Signed 32-bit integer.</summary>
        I32,
        /// <summary>Signed 64-bit integer.</summary>
        I64,
    }

    /// <summary>One named tensor: a row-major array and its shape (an empty shape is a scalar holding one element).</summary>
    public sealed class Tensor
    {
        private Tensor(string name, int[] shape, DType dtype, Array data)
        {
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(shape);
            if (name.Length == 0) throw new ArgumentException("A tensor name must not be empty.", nameof(name));
            if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(name));
            long count = 1;
            foreach (int d in shape)
            {
                if (d < 0) throw new ArgumentException($"Tensor '{name}' has a negative dimension in shape {FormatShape(shape)}.", nameof(shape));
                count = checked(count * d);
            }
            if (count != data.Length)
                throw new ArgumentException($"Tensor '{name}' has shape {FormatShape(shape)} ({count} elements) but {data.Length} values.", nameof(shape));
            (Name, Shape, DType, Data) = (name, (int[])shape.Clone(), dtype, data);
        }

        /// <summary>A float32 tensor.</summary>
        /// <exception cref="ArgumentException">The name is empty or reserved, a dimension is negative, or the product of
        /// <paramref name="shape"/> differs from <paramref name="data"/>.Length; the message names the tensor.</exception>
        public Tensor(string name, int[] shape, float[] data) : this(name, shape, DType.F32, data ?? throw new ArgumentNullException(nameof(data))) { }

        /// <summary>An int32 tensor (same checks as the float32 constructor).</summary>
        public Tensor(string name, int[] shape, int[] data) : this(name, shape, DType.I32, data ?? throw new ArgumentNullException(nameof(data))) { }

        /// <summary>An int64 tensor (same checks as the float32 constructor).</summary>
        public Tensor(string name, int[] shape, long[] data) : this(name, shape, DType.I64, data ?? throw new ArgumentNullException(nameof(data))) { }

        /// <summary>Tensor name (the JSON key).</summary>
        public string Name { get; }
        /// <summary>Dimensions, outermost first.</summary>
        public int[] Shape { get; }
        /// <summary>Element type.</summary>
        public DType DType { get; }
        /// <summary>The values as float[], int[] or long[] according to <see cref="DType"/>.</summary>
        public Array Data { get; }

        /// <summary>The values of an F32 tensor.</summary>
        /// <exception cref="InvalidOperationException">The tensor is not F32; the message names it and its dtype.</exception>
        public float[] Floats => Data as float[] ?? throw WrongType(DType.F32);
        /// <summary>The values of an I32 tensor.</summary>
        public int[] Int32s => Data as int[] ?? throw WrongType(DType.I32);
        /// <summary>The values of an I64 tensor.</summary>
        public long[] Int64s => Data as long[] ?? throw WrongType(DType.I64);

        internal int ElementSize => SizeOf(DType);

        private InvalidOperationException WrongType(DType wanted) =>
            new($"Tensor '{Name}' has dtype {DType}, not {wanted}.");
    }

    /// <summary>What a safetensors file holds.</summary>
    /// <param name="Tensors">Tensors in the order of their data in the file.</param>
    /// <param name="Metadata">The free-form string map stored under "__metadata__" (empty when absent).</param>
    public sealed record Contents(IReadOnlyList<Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
    {
        /// <summary>The tensor called <paramref name="name"/>.</summary>
        /// <exception cref="KeyNotFoundException">No such tensor; the message lists what there is when short.</exception>
        public Tensor this[string name] => Tensors.FirstOrDefault(t => t.Name == name)
            ?? throw new KeyNotFoundException($"No tensor '{name}' (have: {string.Join(", ", Tensors.Take(10).Select(t => t.Name))}{(Tensors.Count > 10 ? ", ..." : "")}).");
    }

    private const string MetadataKey = "__metadata__";
    // The reference implementation refuses headers above 100 MB; a larger length means a corrupt or foreign file.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> (and optional metadata) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ArgumentException">Two tensors share a name; the message names it.</exception>
    public static void Write(string path, IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        byte[] bytes = Serialize(tensors, metadata);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>
    /// The complete file image. Tensor data is laid out with 8-byte types first (so every tensor stays aligned to its
    /// element size), otherwise in the given order; the header lists "__metadata__" first, then tensors in data order.
    /// </summary>
    /// <exception cref="ArgumentException">Two tensors share a name; the message names it.</exception>
    public static byte[] Serialize(IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Tensor t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
            if (!seen.Add(t.Name)) throw new ArgumentException($"Two tensors are named '{t.Name}'.", nameof(tensors));
        }
        var ordered = tensors.OrderByDescending(t => t.ElementSize).ToList(); // OrderBy is stable: ties keep input order

        using var headerJson = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerJson))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (Tensor t in ordered)
            {
                long size = (long)t.Data.Length * t.ElementSize;
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", t.DType.ToString());
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += size;
            }
            json.WriteEndObject();
        }
        int headerLength = (int)headerJson.Length;
        int padded = (headerLength + 7) / 8 * 8; // so the data starts 8-byte aligned
        long dataLength = ordered.Sum(t => (long)t.Data.Length * t.ElementSize);
        var file = new byte[checked(8 + padded + dataLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        headerJson.GetBuffer().AsSpan(0, headerLength).CopyTo(file.AsSpan(8));
        file.AsSpan(8 + headerLength, padded - headerLength).Fill((byte)' ');
        int position = 8 + padded;
        foreach (Tensor t in ordered)
        {
            Span<byte> target = file.AsSpan(position, t.Data.Length * t.ElementSize);
            switch (t.Data)
            {
                case float[] f: StoreLittleEndian<float>(f, target); break;
                case int[] i: StoreLittleEndian<int>(i, target); break;
                case long[] l: StoreLittleEndian<long>(l, target); break;
            }
            position += target.Length;
        }
        return file;
    }

    /// <summary>Reads and validates the safetensors file at <paramref name="path"/>.</summary>
    /// <exception cref="HeedInputException">The file is missing, truncated, has a malformed header, an unsupported dtype,
    /// offsets out of range, overlapping or with gaps, or a shape that disagrees with its byte range; the message names
    /// the file and, where one is at fault, the tensor.</exception>
    public static Contents Read(string path)
    {
        if (!File.Exists(path)) throw new HeedInputException($"Safetensors file '{path}' does not exist.");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses a safetensors file image; <paramref name="sourceName"/> is used in error messages.</summary>
    /// <exception cref="HeedInputException">As for <see cref="Read"/>.</exception>
    public static Contents Parse(ReadOnlySpan<byte> file, string sourceName)
    {
        string src = $"Safetensors file '{sourceName}'";
        if (file.Length < 8) throw new HeedInputException($"{src} is truncated: {file.Length} bytes, fewer than the 8-byte header length.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderBytes)
            throw new HeedInputException($"{src} declares a {headerLength}-byte header, above the {MaxHeaderBytes}-byte limit (corrupt or not safetensors).");
        if ((ulong)file.Length - 8 < headerLength)
            throw new HeedInputException($"{src} is truncated: the header needs {headerLength} bytes but only {file.Length - 8} follow the length.");
        ReadOnlySpan<byte> header = file.Slice(8, (int)headerLength);
        ReadOnlySpan<byte> data = file[(8 + (int)headerLength)..];
        if (header.Length == 0 || header[0] != (byte)'{')
            throw new HeedInputException($"{src}: the header does not start with '{{'.");

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header.ToArray());
        }
        catch (JsonException e)
        {
            throw new HeedInputException($"{src}: the header is not valid JSON ({e.Message}).", e);
        }

        var entries = new List<(string Name, DType Type, int[] Shape, long Begin, long End)>();
        var metadata = new Dictionary<string, string>();
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new HeedInputException($"{src}: the header is a JSON {doc.RootElement.ValueKind}, not an object.");
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (!names.Add(p.Name)) throw new HeedInputException($"{src}: the header names '{p.Name}' twice.");
                if (p.Name == MetadataKey)
                    ReadMetadata(p.Value, metadata, src);
                else
                    entries.Add(ReadEntry(p, src));
            }
        }

        // Byte ranges must tile the data section exactly: no overlaps, no gaps, nothing past the end or left over.
        var byBegin = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long expected = 0;
        string? previous = null;
        foreach (var e in byBegin)
        {
            if (e.End > data.Length)
                throw new HeedInputException($"{src}: tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] run past the {data.Length}-byte data section (truncated file?).");
            if (e.Begin < expected)
                throw new HeedInputException($"{src}: tensors '{previous}' and '{e.Name}' overlap (byte {e.Begin} is before {expected}).");
            if (e.Begin > expected)
                throw new HeedInputException($"{src}: bytes [{expected}, {e.Begin}) before tensor '{e.Name}' belong to no tensor.");
            expected = e.End;
            previous = e.Name;
        }
        if (expected != data.Length)
            throw new HeedInputException($"{src}: {data.Length - expected} bytes after the last tensor belong to no tensor.");

        var tensors = new List<Tensor>(byBegin.Count);
        foreach (var e in byBegin)
        {
            ReadOnlySpan<byte> bytes = data[(int)e.Begin..(int)e.End];
            tensors.Add(e.Type switch
            {
                DType.F32 => new Tensor(e.Name, e.Shape, LoadLittleEndian<float>(bytes)),
                DType.I32 => new Tensor(e.Name, e.Shape, LoadLittleEndian<int>(bytes)),
                _ => new Tensor(e.Name, e.Shape, LoadLittleEndian<long>(bytes)),
            });
        }
        return new Contents(tensors, metadata);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string src)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new HeedInputException($"{src}: \"{MetadataKey}\" must be an object of strings, found {value.ValueKind}.");
        foreach (JsonProperty m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
                throw new HeedInputException($"{src}: metadata key '{m.Name}' must map to a string, found {m.Value.ValueKind}.");
            metadata[m.Name] = m.Value.GetString()!;
        }
    }

    private static (string, DType, int[], long, long) ReadEntry(JsonProperty p, string src)
    {
        string t = $"{src}: tensor '{p.Name}'";
        if (p.Value.ValueKind != JsonValueKind.Object) throw new HeedInputException($"{t} is described by a {p.Value.ValueKind}, not an object.");
        if (!p.Value.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new HeedInputException($"{t} has no string \"dtype\".");
        string dtypeName = dtypeElement.GetString()!;
        DType dtype = dtypeName switch
        {
            "F32" => DType.F32,
            "I32" => DType.I32,
            "I64" => DType.I64,
            _ => throw new HeedInputException($"{t} has dtype '{dtypeName}'; Heed reads only F32, I32 and I64."),
        };
        if (!p.Value.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new HeedInputException($"{t} has no \"shape\" array.");
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        int k = 0;
        foreach (JsonElement d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                throw new HeedInputException($"{t} has shape entry {d.GetRawText()}, not a non-negative 32-bit integer.");
            shape[k++] = dim;
            count *= dim; // both factors fit in int, so the long product cannot overflow before this check
            if (count > int.MaxValue) throw new HeedInputException($"{t} has more elements than one array can hold (shape so far {FormatShape(shape[..k])}).");
        }
        if (!p.Value.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw new HeedInputException($"{t} has no \"data_offsets\" pair [begin, end].");
        long[] be = offsets.EnumerateArray().Select(o =>
            o.ValueKind == JsonValueKind.Number && o.TryGetInt64(out long v) && v >= 0 ? v
                : throw new HeedInputException($"{t} has data offset {o.GetRawText()}, not a non-negative integer.")).ToArray();
        if (be[1] < be[0]) throw new HeedInputException($"{t} has data_offsets [{be[0]}, {be[1]}] with end before begin.");
        long expectedBytes = count * SizeOf(dtype);
        if (be[1] - be[0] != expectedBytes)
            throw new HeedInputException($"{t} has shape {FormatShape(shape)} and dtype {dtype} ({expectedBytes} bytes) but data_offsets [{be[0]}, {be[1]}] span {be[1] - be[0]} bytes.");
        return (p.Name, dtype, shape, be[0], be[1]);
    }

    private static int SizeOf(DType dtype) => dtype == DType.I64 ? 8 : 4;

    private static string FormatShape(int[] shape) => "[" + string.Join(", ", shape) + "]";

    private static void StoreLittleEndian<T>(T[] values, Span<byte> target) where T : unmanaged
    {
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(target);
        if (!BitConverter.IsLittleEndian) ReverseEach(target, Marshal.SizeOf<T>());
    }

    private static T[] LoadLittleEndian<T>(ReadOnlySpan<byte> bytes) where T : unmanaged
    {
        var values = new T[bytes.Length / Marshal.SizeOf<T>()];
        Span<byte> target = MemoryMarshal.AsBytes(values.AsSpan());
        bytes.CopyTo(target);
        if (!BitConverter.IsLittleEndian) ReverseEach(target, Marshal.SizeOf<T>());
        return values;
    }

    // The format is little-endian; on a big-endian machine each element's bytes are swapped in place.
    private static void ReverseEach(Span<byte> bytes, int size)
    {
        for (int i = 0; i < bytes.Length; i += size) bytes.Slice(i, size).Reverse();
    }
}
