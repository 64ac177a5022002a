using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Orders.Contracts.Protocol;
using Orders.Contracts.Tagging;

namespace Orders.Testing;

/// <summary>Reads what is really in the journal, through the same SQL read journal the projections use.</summary>
public sealed class JournalReader(ActorSystem system)
{
    private readonly SqlReadJournal _journal =
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    public Task<IReadOnlyList<EventEnvelope>> EventsOfOrderAsync(string orderId) =>
        CollectAsync(_journal.CurrentEventsByPersistenceId(OrderPersistenceId.For(orderId), 0, long.MaxValue));

    public Task<IReadOnlyList<EventEnvelope>> EventsOfSliceAsync(int slice) =>
        CollectAsync(_journal.CurrentEventsByTag(OrderTags.ForSlice(slice), Offset.NoOffset()));

    /// <summary>Every order event in the journal, found through the slice tags.</summary>
    public async Task<IReadOnlyList<EventEnvelope>> AllOrderEventsAsync(int slices)
    {
        var all = new List<EventEnvelope>();
        for (var slice = 0; slice < slices; slice++)
        {
            all.AddRange(await EventsOfSliceAsync(slice));
        }

        return all.OrderBy(envelope => ((Sequence)envelope.Offset).Value).ToList();
    }

    private async Task<IReadOnlyList<EventEnvelope>> CollectAsync(Source<EventEnvelope, Akka.NotUsed> source) =>
        await source.RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
}
