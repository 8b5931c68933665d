using System.Security.Cryptography;
using System.Text;
using Heed.Io;

namespace Heed.Tests.Faults;

/// <summary>
/// One SHA-256 over every tensor of a checkpoint (name, shape and raw little-endian values, in name order): equal
/// hashes mean bit-identical weights and optimiser state, whatever the file's metadata or layout.
/// </summary>
internal static class CheckpointHash
{
    public static string Of(string file)
    {
        var contents = SafeTensors.Read(file);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var t in contents.Tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{t.Name}:{t.DType}:[{string.Join(",", t.Shape)}]\n"));
            sha.AppendData(t.DType switch
            {
                SafeTensors.DType.F32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Floats.AsSpan()).ToArray(),
                SafeTensors.DType.I32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Int32s.AsSpan()).ToArray(),
                _ => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Int64s.AsSpan()).ToArray(),
            });
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
