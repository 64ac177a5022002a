using System.Text.Json;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Orders.Contracts.Protocol;
using Orders.Contracts.Serialization;
using Orders.Contracts.Tagging;
using Orders.Domain;

namespace Orders.Cli.Commands;

/// <summary>
/// <c>export [--order id] --format ndjson</c>: events as one JSON object a line (all orders in journal order, or
/// one order's); <c>tag &lt;tag&gt; [--from-offset N] [--limit N] [--follow]</c>: one slice's stream, which
/// <c>--follow</c> keeps tailing until Ctrl+C.
/// </summary>
public static class ExportCommand
{
    /// <param name="orderId">One order's events (a valid order id: the command line checks it); null: every order's.</param>
    public static async Task<int> ExportAsync(QueryContext context, string? orderId, TextWriter progress, CancellationToken cancellationToken)
    {
        var (system, journal) = await context.JournalAsync();
        Source<EventEnvelope, Akka.NotUsed> events;
        if (orderId is not null)
        {
            events = journal.CurrentEventsByPersistenceId(OrderPersistenceId.For(orderId), 0, long.MaxValue);
        }
        else
        {
            events = Source.From((await context.ReadAllSlicesAsync(cancellationToken)).Select(e => e.Envelope));
        }

        return await context.Terminal.ProgressAsync(progress, "exporting events", total: null, done => $"… {done} events exported", async exported =>
        {
            long written = 0;
            await WriteAllAsync(events.Select(envelope =>
            {
                exported(++written);
                return envelope;
            }), context.Output, system.Materializer(), cancellationToken);
            return 0;
        }, streamsToOutput: true);
    }

    public static async Task<int> TagAsync(QueryContext context, string tag, long fromOffset, long limit, bool follow, CancellationToken cancellationToken)
    {
        if (!tag.StartsWith(OrderTags.SlicePrefix, StringComparison.Ordinal))
        {
            throw new UsageException($"'{tag}' is not a slice's tag: use tag {OrderTags.SlicePrefix}<k>");
        }

        var offset = Offset.Sequence(fromOffset);
        var (system, journal) = await context.JournalAsync();
        var source = follow ? journal.EventsByTag(tag, offset) : journal.CurrentEventsByTag(tag, offset);
        await WriteAllAsync(source.Take(limit), context.Output, system.Materializer(), cancellationToken);
        return 0;
    }

    /// <summary>Writes every event as a line; cancelling (Ctrl+C) ends the stream cleanly between two lines.</summary>
    private static async Task WriteAllAsync(
        Source<EventEnvelope, Akka.NotUsed> events, TextWriter output, IMaterializer materializer, CancellationToken cancellationToken)
    {
        var (killSwitch, done) = events
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<EventEnvelope>(envelope => output.WriteLine(Line(envelope))), Keep.Both)
            .Run(materializer);
        await using (cancellationToken.Register(killSwitch.Shutdown))
        {
            await done;
        }

        // Ended by Ctrl+C: every line written is whole (the stream stops between events); say so with the exit code.
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>One event as one line of JSON: what <c>export</c> and <c>events --json</c> print.</summary>
    public static string Line(EventEnvelope envelope)
    {
        var @event = (IOrderEvent)envelope.Event;
        return JsonSerializer.Serialize(new
        {
            persistenceId = envelope.PersistenceId,
            sequenceNr = envelope.SequenceNr,
            ordering = ((Sequence)envelope.Offset).Value,
            timestamp = @event.Timestamp,
            manifest = EventManifests.Current[@event.GetType()],
            payload = JsonSerializer.SerializeToElement(@event, @event.GetType(), OrderEventSerializer.JsonOptions),
        });
    }
}
