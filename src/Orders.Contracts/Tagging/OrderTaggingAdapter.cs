using Akka.Actor;
using Akka.Persistence.Journal;
using Orders.Domain;

namespace Orders.Contracts.Tagging;

/// <summary>
/// Tags each order event with its slice on the way into the journal. Akka creates it by type, so the
/// number of slices comes from the actor system's configuration (<see cref="SlicesConfigPath"/>).
/// </summary>
public sealed class OrderTaggingAdapter : IWriteEventAdapter
{
    public const string SlicesConfigPath = "orders.projections.slices";

    private readonly int _slices;

    public OrderTaggingAdapter(ExtendedActorSystem system)
    {
        _slices = system.Settings.Config.GetInt(SlicesConfigPath, 0);
        if (_slices < 1)
        {
            throw new ArgumentException($"{SlicesConfigPath} must be at least 1 (found {_slices})");
        }
    }

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is IOrderEvent orderEvent
        ? new Tagged(evt, [OrderTags.ForOrder(orderEvent.OrderId, _slices)])
        : evt;
}
