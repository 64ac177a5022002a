namespace Orders.Projections.Runtime;

/// <summary>A projection worker's stream ended; its supervisor restarts it from the committed offset.</summary>
public sealed class ProjectionStoppedException(string projection, int slice, Exception? cause)
    : Exception($"projection {projection} slice {slice} stopped: {cause?.Message ?? "its event stream completed"}", cause);
