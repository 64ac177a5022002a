namespace Orders.Projections.Rebuild;

/// <param name="Events">Events read from the journal to rebuild the projection.</param>
public sealed record RebuildReport(string Projection, long Events, TimeSpan Duration)
{
    public double EventsPerSecond => Duration.TotalSeconds > 0 ? Events / Duration.TotalSeconds : Events;
}

/// <summary>A finished rebuild: its report, or the error that ended it.</summary>
public sealed record RebuildOutcome(string Projection, RebuildReport? Report, string? Error, DateTimeOffset FinishedAt);
