namespace Heed.Tests.Support;

/// <summary>
/// A local NuGet feed: a temporary folder holding <c>dotnet pack</c> of Heed.Tensors and Heed, packed once for the
/// child-build collection (the package test reads the packages, the sample test restores from the folder).
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>
    /// The packages' version. A prerelease no real release uses: a restore puts packages into a packages folder by id
    /// and version, and a folder that already held Heed at the repository's own version would be used instead of the
    /// package just packed. Set as PackageVersion, not Version, so the assemblies are not rebuilt for it.
    /// </summary>
    public const string Version = "0.0.0-feedtest";

    /// <summary>The projects packed, each a package of the same id.</summary>
    public static readonly string[] Projects = ["Heed.Tensors", "Heed"];

    private readonly Lazy<(string Folder, string? Problem)> _packed = new(Pack);

    /// <summary>The feed folder; fails the calling test with dotnet's output when a pack failed.</summary>
    public string Folder => _packed.Value.Problem is { } problem ? throw new Xunit.Sdk.XunitException(problem) : _packed.Value.Folder;

    private static (string, string?) Pack()
    {
        string folder = Directory.CreateTempSubdirectory("heed-feed-").FullName;
        foreach (string project in Projects)
        {
            var (exit, stdout, stderr) = ChildDotnet.Run("pack", Path.Combine("src", project), "-c", "Release", "-o", folder, $"-p:PackageVersion={Version}");
            if (exit != 0) return (folder, $"dotnet pack {project}: exit {exit}\n{stdout}\n{stderr}");
        }
        return (folder, null);
    }

    public void Dispose()
    {
        if (_packed.IsValueCreated) Directory.Delete(_packed.Value.Folder, recursive: true);
    }
}
