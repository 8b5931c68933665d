namespace Heed;

/// <summary>
/// A problem with what the user gave us (a file, a line in it, a configuration key), as opposed to a bug.
/// The message always names the offending file, line or key so it can be shown as is; the CLI maps it
/// to exit code 2.
/// </summary>
public sealed class HeedInputException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> must name the file, line or key at fault.</summary>
    public HeedInputException(string message) : base(message) { }

    /// <summary>Creates the exception around the lower-level error that revealed the bad input.</summary>
    public HeedInputException(string message, Exception innerException) : base(message, innerException) { }
}
