namespace Heed;

/// <summary>Bad input from outside the program (a file, a line, a key); the message names where.</summary>
public sealed class HeedInputException : Exception
{
    public HeedInputException(string message) : base(message) { }
    public HeedInputException(string message, Exception inner) : base(message, inner) { }
}
