namespace Orders.Contracts.Tagging;

/// <summary>The one place tag names are made. Every order event carries exactly one: its order's slice.</summary>
public static class OrderTags
{
    public const string SlicePrefix = "orders-slice-";

    public static int SliceOf(string orderId, int slices) => (int)(Fnv1a.Hash(orderId) % (uint)slices);

    public static string ForSlice(int slice) => SlicePrefix + slice;

    public static string ForOrder(string orderId, int slices) => ForSlice(SliceOf(orderId, slices));

    public static IEnumerable<string> All(int slices) => Enumerable.Range(0, slices).Select(ForSlice);
}
