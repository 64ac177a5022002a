using System.Data.Common;
using Akka.Persistence.Query;
using Orders.Cluster.Database;
using Orders.Domain;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;

namespace Orders.Projections.OrderSummary;

/// <summary>
/// Keeps <c>order_summary</c> and <c>order_lines</c>. An event is applied only if it is the next version of its
/// order: one already applied is a duplicate (a replay) and changes nothing.
/// </summary>
public sealed class OrderSummaryProjection(SqlDialect dialect) : IProjection
{
    public const string ProjectionName = "order_summary";

    private readonly OrderSummaryTables _tables = new(dialect);

    public string Name => ProjectionName;

    public async Task ApplyAsync(
        IReadOnlyList<EventEnvelope> batch, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var order in batch.Where(envelope => envelope.Event is IOrderEvent)
                     .GroupBy(envelope => ((IOrderEvent)envelope.Event).OrderId))
        {
            var stored = await _tables.LoadAsync(connection, transaction, order.Key, cancellationToken);
            var view = stored;
            foreach (var envelope in order)
            {
                var expected = (view?.Summary.Version ?? 0) + 1;
                if (envelope.SequenceNr < expected)
                {
                    continue;
                }

                if (envelope.SequenceNr > expected)
                {
                    throw new ProjectionGapException(Name, envelope.PersistenceId, expected, envelope.SequenceNr);
                }

                view = OrderSummaryProjector.Apply(view, (IOrderEvent)envelope.Event, envelope.SequenceNr);
            }

            if (view is not null && !ReferenceEquals(view, stored))
            {
                await _tables.SaveAsync(connection, transaction, view, exists: stored is not null, cancellationToken);
            }
        }
    }
}
