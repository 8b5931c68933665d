using System.Reflection;
using Heed.Tests.Cli;

namespace Heed.Tests.Packaging;

/// <summary>docs/api.md is the map of the public surface: every type the two libraries export is on it, and nothing else.</summary>
public sealed class ApiDocsTests
{
    [Fact]
    public void ApiPage_NamesEveryExportedType_AndNoTypeThatIsNotExported()
    {
        string page = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot(), "docs", "api.md"));
        var exported = new[] { typeof(Heed.Tensors.Tensor).Assembly, typeof(Heed.Translation.Translator).Assembly }
            .SelectMany(a => a.GetExportedTypes()).Where(t => !t.IsNested)
            .Select(t => t.Name.Split('`')[0]).ToHashSet();
        var missing = exported.Where(name => !page.Contains($"`{name}`", StringComparison.Ordinal)).Order().ToArray();
        Assert.True(missing.Length == 0, "docs/api.md does not name: " + string.Join(", ", missing));

        var named = System.Text.RegularExpressions.Regex.Matches(page, @"`([A-Z][A-Za-z0-9]+)`").Select(m => m.Groups[1].Value)
            .Where(n => n != "Heed" && !n.StartsWith("Heed", StringComparison.Ordinal)).ToHashSet();
        var stale = named.Where(n => !exported.Contains(n)).Order().ToArray();
        Assert.True(stale.Length == 0, "docs/api.md names types that are not public: " + string.Join(", ", stale));
    }
}
