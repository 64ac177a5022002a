using Orders.Projections.Runtime;

namespace Orders.Gateway.Api;

/// <summary>Every projection worker's state, offset, head and lag.</summary>
public sealed record ProjectionWorkers(IReadOnlyList<WorkerStatus> Workers);

/// <summary>A pause or resume request, stored and announced to the projection's workers.</summary>
public sealed record ProjectionRequestAccepted(string Projection, int? Slice, string Requested, int Workers);

/// <summary>A rebuild started; its progress shows in <c>GET /projections</c>.</summary>
public sealed record RebuildAccepted(string Projection, bool Rebuilding);
