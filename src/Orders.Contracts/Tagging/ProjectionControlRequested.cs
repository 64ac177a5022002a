namespace Orders.Contracts.Tagging;

/// <summary>
/// Published (cluster-wide, on <see cref="Topic"/>) once an operator's request for a projection — pause, resume — is
/// stored in <c>projection_status</c>, so that its slice workers act on it at once. The stored request is the truth
/// (every commit checks it); this only saves the wait. Requests from outside the cluster (the CLI) reach the workers
/// through their periodic read of <c>projection_status</c>.
/// </summary>
/// <param name="Slice">One slice, or null for all of them.</param>
public sealed record ProjectionControlRequested(string Projection, int? Slice)
{
    public const string Topic = "projection-control";
}
