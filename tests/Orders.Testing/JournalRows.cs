using Akka.Persistence.Query;
using Orders.Contracts.Database;
using Orders.Contracts.Serialization;
using Orders.Contracts.Tagging;
using Orders.Domain;
using Orders.Projections.Storage;

namespace Orders.Testing;

/// <summary>Reads the whole journal with plain SQL, for tests that run the service in another process.</summary>
public static class JournalRows
{
    public static async Task<IReadOnlyList<EventEnvelope>> ReadAllAsync(TestDatabase database, int slices)
    {
        var dialect = SqlDialect.For(database.Provider);
        await using var connection = dialect.CreateConnection(dialect.PrepareConnectionString(database.ConnectionString));
        await connection.OpenAsync();
        // ordering, persistence id, sequence number, serializer, manifest, payload — the query `verify journal` runs.
        await using var command = connection.CreateCommand(null, dialect.SelectJournalRows);
        await using var reader = await command.ExecuteReaderAsync();
        var envelopes = new List<EventEnvelope>();
        while (await reader.ReadAsync())
        {
            var persistenceId = reader.GetString(1);
            if (!persistenceId.StartsWith("order-", StringComparison.Ordinal))
            {
                continue;
            }

            var @event = (IOrderEvent)OrderEventSerializer.Deserialize((byte[])reader.GetValue(5), reader.GetString(4));
            envelopes.Add(new EventEnvelope(
                Offset.Sequence(Convert.ToInt64(reader.GetValue(0))), persistenceId, Convert.ToInt64(reader.GetValue(2)), @event,
                @event.Timestamp.UtcTicks, [OrderTags.ForOrder(@event.OrderId, slices)]));
        }

        return envelopes;
    }
}
