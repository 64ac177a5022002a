using System.Runtime.Serialization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Diagnostics;
using Orders.Contracts.Protocol;

namespace Orders.Projections.Runtime;

/// <summary>
/// Tells a poison event (no retry can cure it: an event this code cannot read or apply) from a transient failure,
/// and reports a poison event with the event that caused it: in the host's structured log and in
/// <c>projection_status</c>, where operators and the readiness check find it.
/// </summary>
public static class ProjectionFailures
{
    public static bool IsPoison(Exception error) =>
        Find<PoisonEventException>(error) is not null || Find<SerializationException>(error) is not null || Find<JsonException>(error) is not null;

    public static async Task ReportPoisonAsync(ProjectionDependencies deps, ILogger log, string projection, int slice, string tag, Exception error)
    {
        var poison = Find<PoisonEventException>(error);
        var (persistenceId, sequenceNr) = poison is not null
            ? (poison.PersistenceId, poison.SequenceNr)
            : await deps.Journal.FirstUnreadableAfterAsync(tag, await deps.Offsets.LoadAsync(projection, slice)) is { } first
                ? (first.PersistenceId, first.SequenceNr)
                : ("(unknown)", 0L);
        var orderId = OrderPersistenceId.ToOrderId(persistenceId) ?? persistenceId;
        using (log.BeginOrderScope(orderId))
        {
            log.LogError(error, "Projection {Projection} slice {Slice} stopped at order {OrderId}'s event {SequenceNr}, which it cannot apply",
                projection, slice, orderId, sequenceNr);
        }

        await deps.Status.ReportAsync(projection, slice, ProjectionState.Failed, Describe(error), persistenceId, sequenceNr);
    }

    /// <summary>The error and its causes, one line: what <c>projection_status.last_error</c> shows.</summary>
    public static string Describe(Exception error) =>
        string.Join(" → ", Enumerable.Repeat(error, 1).Concat(Inner(error)).Select(e => $"{e.GetType().Name}: {e.Message}").Distinct());

    private static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T found)
            {
                return found;
            }

            if (error is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(e => e is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static IEnumerable<Exception> Inner(Exception error)
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            yield return inner;
        }
    }
}
