using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Heed.Tests.Viz;

/// <summary>Checks shared by the HTML report tests.</summary>
internal static class HtmlChecks
{
    /// <summary>Every inline &lt;svg&gt; element, parsed as XML (which fails on any escaping mistake).</summary>
    public static List<XDocument> InlineSvgs(string html) =>
        Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(m => XDocument.Parse(m.Value)).ToList();

    /// <summary>Asserts the page loads nothing from elsewhere.</summary>
    public static void AssertSelfContained(string html)
    {
        Assert.DoesNotMatch(new Regex(@"\b(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("@import", html);
        // The only URL allowed is the SVG namespace name, which is an identifier, not a fetch.
        Assert.All(Regex.Matches(html, @"https?://[^""\s]*"), m => Assert.Equal("http://www.w3.org/2000/svg", m.Value));
    }
}
