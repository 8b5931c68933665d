using System.IO.Compression;
using System.Xml.Linq;
using Heed.Tests.Support;

namespace Heed.Tests.Packaging;

/// <summary>
/// <c>dotnet pack</c> of the two libraries (the collection's <see cref="PackedFeed"/>), read back: each package names
/// itself, its licence and its readme, and carries its XML documentation beside the assembly (so a user's IDE shows
/// the docs). The build that made it turned a public member without docs into an error (the csproj files say so), so
/// packing at all proves the public surface is documented.
/// </summary>
[Collection(ChildDotnet.Collection)]
public sealed class PackageTests(PackedFeed feed)
{
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("Heed.Tensors")]
    [InlineData("Heed")]
    public void Pack_HasIdLicenceReadmeDescription_AndTheXmlDocs(string project)
    {
        string package = Assert.Single(Directory.GetFiles(feed.Folder, $"{project}.{PackedFeed.Version}.nupkg"));
        using var zip = ZipFile.OpenRead(package);

        var nuspec = XDocument.Load(zip.GetEntry($"{project}.nuspec")!.Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal(project, metadata.Element(ns + "id")?.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.True((metadata.Element(ns + "description")?.Value.Length ?? 0) > 80, "a real description");

        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{project}.dll", entries);
        Assert.Contains($"lib/net10.0/{project}.xml", entries);
        var docs = XDocument.Load(zip.GetEntry($"lib/net10.0/{project}.xml")!.Open());
        Assert.True(docs.Descendants("member").Count() > 50, "the XML docs document the public members");
    }
}
