namespace Orders.Domain;

/// <summary>How an order was paid: the method (card, invoice, …) and the payment provider's reference, if any.</summary>
public sealed record Payment(string Method, string? Reference = null);
