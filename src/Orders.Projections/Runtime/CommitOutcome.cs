namespace Orders.Projections.Runtime;

/// <summary>What one projection's share of a shared commit came to.</summary>
/// <param name="Result">Set when its share landed.</param>
/// <param name="Failure">
/// Set when its share could not land: a <see cref="PoisonEventException"/> (an event it cannot apply) or a failure of
/// its own statements (the others' shares landed without it). Neither set: it was asked to pause, or another worker
/// of the slice is ahead; nothing of it landed.
/// </param>
public sealed record CommitOutcome(IProjection Projection, CommitResult? Result, Exception? Failure);
