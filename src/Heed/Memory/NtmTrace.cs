namespace Heed.Memory;

/// <summary>The weightings of batch row 0 at every step of one run, for the read/write picture.</summary>
/// <param name="Read">[steps][N] the first read head's weighting after each step</param>
/// <param name="Write">[steps][N] the write head's weighting after each step</param>
public sealed record NtmTrace(float[][] Read, float[][] Write);
