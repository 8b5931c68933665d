namespace Heed.Pointer;

/// <summary>A task whose answers are positions of its input: draws examples of a given size from a seeded generator.</summary>
public interface IPointerProblem
{
    /// <summary>The task's name as typed after <c>heed demo --task</c>.</summary>
    string Name { get; }

    /// <summary>Features per input element.</summary>
    int Dim { get; }

    /// <summary>One example with <paramref name="count"/> input elements and its true answer.</summary>
    PointerExample Sample(Random random, int count);

    /// <summary>A label for element <paramref name="i"/> of <paramref name="example"/> in pictures.</summary>
    string Label(PointerExample example, int i);
}
