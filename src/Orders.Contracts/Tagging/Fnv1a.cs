using System.Text;

namespace Orders.Contracts.Tagging;

/// <summary>32-bit FNV-1a over UTF-8: stable across processes and runtimes, unlike <c>string.GetHashCode</c>.</summary>
public static class Fnv1a
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Hash(string text)
    {
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }
}
