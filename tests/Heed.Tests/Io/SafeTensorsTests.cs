using System.Text;
using Heed.Io;

namespace Heed.Tests.Io;

public class SafeTensorsTests
{
    /// <summary>Builds a file image by the spec, independently of the writer: u64 LE length, header padded with spaces to 8, data.</summary>
    private static byte[] Build(string header, byte[] data)
    {
        int padded = (header.Length + 7) / 8 * 8;
        var bytes = new List<byte>(BitConverter.GetBytes((ulong)padded)); // test machines are little-endian
        bytes.AddRange(Encoding.UTF8.GetBytes(header.PadRight(padded)));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    // 1.0f = 0x3F800000 and -2.0f = 0xC0000000, stored little-endian.
    private static readonly byte[] OneMinusTwo = [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0];

    [Fact]
    public void Serialize_MatchesHandBuiltBytes()
    {
        // Header {"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} is 54 bytes (5 + 15 + 12 + 20 + 2, counted by hand),
        // padded with two spaces to 56; the data is 8 bytes.
        byte[] expected =
        [
            56, 0, 0, 0, 0, 0, 0, 0,
            .. "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  "u8.ToArray(),
            .. OneMinusTwo,
        ];
        byte[] actual = SafeTensors.Serialize([new SafeTensors.Tensor("w", [2], [1f, -2f])]);
        Assert.Equal(expected, actual);
        Assert.Equal(8 + 56 + 8, actual.Length);
    }

    [Fact]
    public void Parse_HandBuiltFile()
    {
        // Metadata after the tensor and a header that needs six spaces of padding: the reader must not care.
        byte[] file = Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},\"__metadata__\":{\"format\":\"pt\"}}", OneMinusTwo);
        var contents = SafeTensors.Parse(file, "hand.safetensors");
        var w = Assert.Single(contents.Tensors);
        Assert.Equal("w", w.Name);
        Assert.Equal([1, 2], w.Shape);
        Assert.Equal([1f, -2f], w.Floats);
        Assert.Equal("pt", contents.Metadata["format"]);
    }

    [Fact]
    public void RoundTrip_ThroughDisk_KeepsEveryBitAndType()
    {
        float[] weights = [0f, -0f, 1.5f, float.NaN, float.PositiveInfinity, float.Epsilon];
        var tensors = new[]
        {
            new SafeTensors.Tensor("encoder.weight", [2, 3], weights),
            new SafeTensors.Tensor("optimizer.step", [], [12345678901L]),
            new SafeTensors.Tensor("counts", [3], [1, -2, 3]),
            new SafeTensors.Tensor("empty", [0, 4], Array.Empty<float>()),
        };
        string path = Path.Combine(Directory.CreateTempSubdirectory("heed-st").FullName, "model.safetensors");
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["heed"] = "1", ["note"] = "économique <&>" });
        var back = SafeTensors.Read(path);

        Assert.Equal(0, BitConverter.ToInt64(File.ReadAllBytes(path), 0) % 8); // header padded to a multiple of 8
        Assert.Equal(
            weights.Select(BitConverter.SingleToInt32Bits),
            back["encoder.weight"].Floats.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal([2, 3], back["encoder.weight"].Shape);
        Assert.Equal([12345678901L], back["optimizer.step"].Int64s);
        Assert.Empty(back["optimizer.step"].Shape);
        Assert.Equal([1, -2, 3], back["counts"].Int32s);
        Assert.Empty(back["empty"].Floats);
        Assert.Equal("économique <&>", back.Metadata["note"]);
        // I64 data comes first so it stays 8-byte aligned.
        Assert.Equal("optimizer.step", back.Tensors[0].Name);
    }

    [Fact]
    public void Tensor_ShapeMismatch_NamesTheTensor()
    {
        var e = Assert.Throws<ArgumentException>(() => new SafeTensors.Tensor("decoder.bias", [2, 2], new float[3]));
        Assert.Contains("decoder.bias", e.Message);
        Assert.Contains("[2, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => SafeTensors.Serialize([new("a", [1], [1f]), new("a", [1], [2f])]));
        Assert.Throws<InvalidOperationException>(() => new SafeTensors.Tensor("i", [1], [1]).Floats);
    }

    public static TheoryData<byte[], string[]> Corrupt => new()
    {
        { new byte[] { 1, 2, 3 }, ["truncated", "fewer than the 8-byte"] },
        { Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", OneMinusTwo)[..^1], ["'w'", "run past", "truncated"] },
        { Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", OneMinusTwo)[..20], ["truncated", "header needs 56 bytes"] },
        { Build("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", OneMinusTwo[..4]), ["'w'", "dtype 'F16'"] },
        { Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", OneMinusTwo), ["'w'", "shape [3]", "12 bytes", "span 8"] },
        { Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", OneMinusTwo), ["'a'", "'b'", "overlap"] },
        { Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", OneMinusTwo), ["'a'", "[0, 4)", "no tensor"] },
        { Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", OneMinusTwo), ["4 bytes after the last tensor"] },
        { Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", OneMinusTwo), ["'a'", "end before begin"] },
        { Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", OneMinusTwo[..4]), ["'a'", "shape entry -1"] },
        { Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", OneMinusTwo[..4]), ["'a'", "data_offsets"] },
        { Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", OneMinusTwo), ["'a' twice"] },
        { Build("{\"__metadata__\":{\"epoch\":3}}", []), ["metadata key 'epoch'"] },
        { Build("{\"w\":", []), ["not valid JSON"] },
        { Build("[1,2]", []), ["does not start with '{'"] },
        { [.. BitConverter.GetBytes(ulong.MaxValue), .. "{}"u8.ToArray()], ["above the", "limit"] },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void Parse_CorruptFile_NamesFileAndProblem(byte[] file, string[] expected)
    {
        var e = Assert.Throws<HeedInputException>(() => SafeTensors.Parse(file, "ckpt/model.safetensors"));
        Assert.Contains("'ckpt/model.safetensors'", e.Message);
        foreach (string s in expected) Assert.Contains(s, e.Message);
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        var e = Assert.Throws<HeedInputException>(() => SafeTensors.Read("/nonexistent-heed/m.safetensors"));
        Assert.Contains("/nonexistent-heed/m.safetensors", e.Message);
    }
}
