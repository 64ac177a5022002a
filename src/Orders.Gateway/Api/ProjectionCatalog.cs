namespace Orders.Gateway.Api;

/// <summary>The projections this deployment runs, and its number of slices.</summary>
public sealed record ProjectionCatalog(IReadOnlyList<string> Names, int Slices);
