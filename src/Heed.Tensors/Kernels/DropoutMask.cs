using System.Runtime.Intrinsics;

namespace Heed.Tensors.Kernels;

/// <summary>
/// Counter-based dropout masks: element i of the mask for stream key k is a pure function of (k, i) — two rounds of a
/// 32-bit integer hash (Wellons' "lowbias32") of i keyed by k's halves — so a mask needs no sequential generator:
/// it is computed 16 lanes at a time, split over threads in any way, and is the same for every thread count.
/// <see cref="Keeps"/> is the scalar definition and the vector loops' test oracle.
/// </summary>
public static class DropoutMask
{
    private const uint Golden = 0x9E3779B9u;
    private const uint Multiplier1 = 0x7FEB352Du;
    private const uint Multiplier2 = 0x846CA68Bu;

    /// <summary>The 24-bit threshold: an element is dropped when the top 24 bits of its hash are below it.</summary>
    public static uint Threshold(float p) => (uint)Math.Round(p * (double)(1 << 24));

    /// <summary>Whether element <paramref name="index"/> of stream <paramref name="key"/> is kept (the definition).</summary>
    public static bool Keeps(ulong key, uint index, uint threshold) => (Hash(key, index) >> 8) >= threshold;

    private static uint Hash(ulong key, uint index)
    {
        uint h = Round(unchecked(index * Golden + (uint)key));
        return Round(h ^ (uint)(key >> 32));
    }

    private static uint Round(uint h)
    {
        h ^= h >> 16; h = unchecked(h * Multiplier1);
        h ^= h >> 15; h = unchecked(h * Multiplier2);
        return h ^ (h >> 16);
    }

    /// <summary>
    /// Fills <paramref name="mask"/> (elements <paramref name="first"/> … of the stream) with 1/(1−p) where kept and 0
    /// where dropped.
    /// </summary>
    public static void Fill(Span<float> mask, ulong key, float p, uint first = 0)
    {
        uint threshold = Threshold(p);
        float keep = 1f / (1f - p);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var lanes = Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            var low = Vector512.Create((uint)key); var high = Vector512.Create((uint)(key >> 32));
            var limit = Vector512.Create(threshold); var kept = Vector512.Create(keep);
            for (; i <= mask.Length - Vector512<uint>.Count; i += Vector512<uint>.Count)
            {
                var index = Vector512.Create(first + (uint)i) + lanes;
                var h = Round512(index * Golden + low);
                h = Round512(h ^ high);
                var keeps = Vector512.GreaterThanOrEqual(Vector512.ShiftRightLogical(h, 8), limit);
                (keeps.AsSingle() & kept).StoreUnsafe(ref mask[i]);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var lanes = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
            var low = Vector256.Create((uint)key); var high = Vector256.Create((uint)(key >> 32));
            var limit = Vector256.Create(threshold); var kept = Vector256.Create(keep);
            for (; i <= mask.Length - Vector256<uint>.Count; i += Vector256<uint>.Count)
            {
                var index = Vector256.Create(first + (uint)i) + lanes;
                var h = Round256(index * Golden + low);
                h = Round256(h ^ high);
                var keeps = Vector256.GreaterThanOrEqual(Vector256.ShiftRightLogical(h, 8), limit);
                (keeps.AsSingle() & kept).StoreUnsafe(ref mask[i]);
            }
        }
        for (; i < mask.Length; i++) mask[i] = Keeps(key, first + (uint)i, threshold) ? keep : 0f;
    }

    private static Vector512<uint> Round512(Vector512<uint> h)
    {
        h ^= Vector512.ShiftRightLogical(h, 16); h *= Multiplier1;
        h ^= Vector512.ShiftRightLogical(h, 15); h *= Multiplier2;
        return h ^ Vector512.ShiftRightLogical(h, 16);
    }

    private static Vector256<uint> Round256(Vector256<uint> h)
    {
        h ^= Vector256.ShiftRightLogical(h, 16); h *= Multiplier1;
        h ^= Vector256.ShiftRightLogical(h, 15); h *= Multiplier2;
        return h ^ Vector256.ShiftRightLogical(h, 16);
    }
}
