using Orders.Contracts.Tagging;

namespace Orders.Contracts.Tests;

public sealed class OrderTagsTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void Fnv1a_matches_the_published_test_vectors(string text, uint expected)
    {
        Assert.Equal(expected, Fnv1a.Hash(text));
    }

    [Fact]
    public void An_order_always_maps_to_the_same_slice_and_all_slices_are_used()
    {
        var slices = Enumerable.Range(0, 1000).Select(i => OrderTags.SliceOf($"order-{i}", 4)).ToList();
        Assert.Equal(slices, Enumerable.Range(0, 1000).Select(i => OrderTags.SliceOf($"order-{i}", 4)));
        Assert.All(Enumerable.Range(0, 4), slice => Assert.InRange(slices.Count(s => s == slice), 200, 300));
        Assert.Equal("orders-slice-2", OrderTags.ForSlice(2));
    }
}
