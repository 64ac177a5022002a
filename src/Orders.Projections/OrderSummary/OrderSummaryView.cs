using System.Collections.Immutable;

namespace Orders.Projections.OrderSummary;

/// <summary>What the <c>order_summary</c> projection keeps about one order: its summary row and its lines.</summary>
public sealed record OrderSummaryView(OrderSummaryRow Summary, ImmutableList<OrderLineRow> Lines);
