using System.Text.RegularExpressions;

namespace Orders.Domain;

/// <summary>
/// The rules a command must satisfy whatever the order's state. The decider applies them first; the
/// gateway applies the same ones at the edge so that malformed input never reaches an actor.
/// </summary>
public static partial class OrderCommandValidator
{
    /// <summary>Order ids become persistence ids and URL segments: letters, digits and <c>-_.:</c>.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]*$")]
    private static partial Regex OrderIdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    public static Rejection? Validate(IOrderCommand command)
    {
        var errors = new List<string>();
        CheckOrderId(command.OrderId, errors);
        CheckMetadata(command.Metadata, errors);
        switch (command)
        {
            case CreateOrder c:
                CheckText("customerId", c.CustomerId, OrderLimits.MaxIdLength, errors);
                if (c.Currency is null || !CurrencyPattern().IsMatch(c.Currency))
                {
                    errors.Add("currency must be a three-letter ISO 4217 code in capitals, such as USD");
                }

                if (c.SalesChannel is not null && !SalesChannels.IsKnown(c.SalesChannel))
                {
                    errors.Add($"salesChannel must be one of {string.Join(", ", SalesChannels.All)}");
                }

                if (c.Lines is null)
                {
                    errors.Add("lines must be a list (it may be empty)");
                    break;
                }

                if (c.Lines.Count > OrderLimits.MaxLines)
                {
                    errors.Add($"an order has at most {OrderLimits.MaxLines} lines");
                }

                for (var i = 0; i < c.Lines.Count; i++)
                {
                    if (c.Lines[i] is not { } line)
                    {
                        errors.Add($"lines[{i}] is missing");
                        continue;
                    }

                    CheckLine($"lines[{i}].", line.Sku, line.Quantity, line.UnitPrice, errors);
                }

                var repeated = c.Lines.Where(l => l is not null).GroupBy(l => l.Sku).Where(g => g.Count() > 1)
                    .Select(g => g.Key).ToList();
                if (repeated.Count > 0)
                {
                    errors.Add($"each SKU may appear on one line only (repeated: {string.Join(", ", repeated)})");
                }

                break;
            case AddOrderLine c:
                CheckLine("", c.Sku, c.Quantity, c.UnitPrice, errors);
                break;
            case RemoveOrderLine c:
                CheckText("sku", c.Sku, OrderLimits.MaxIdLength, errors);
                break;
            case PayOrder c:
                CheckText("paymentMethod", c.PaymentMethod, OrderLimits.MaxIdLength, errors);
                if (c.PaymentReference is not null)
                {
                    CheckText("paymentReference", c.PaymentReference, OrderLimits.MaxTextLength, errors);
                }

                CheckMoney("amount", c.Amount, decimal.MaxValue, errors);
                break;
            case ShipOrder c:
                CheckText("carrier", c.Carrier, OrderLimits.MaxIdLength, errors);
                CheckText("trackingNumber", c.TrackingNumber, OrderLimits.MaxTextLength, errors);
                break;
            case CancelOrder c:
                CheckText("reason", c.Reason, OrderLimits.MaxTextLength, errors);
                break;
            case DeliverOrder:
                break;
            default:
                errors.Add($"unknown command {command.GetType().Name}");
                break;
        }

        return errors.Count == 0 ? null : new Rejection(Rejection.Validation, string.Join("; ", errors));
    }

    public static bool IsValidOrderId(string? orderId) => CheckOrderId(orderId, []);

    /// <summary>What is wrong with a customer id (the rule a <see cref="CreateOrder"/> is held to), or null.</summary>
    public static string? CustomerIdProblem(string? customerId)
    {
        var errors = new List<string>();
        CheckText("customerId", customerId, OrderLimits.MaxIdLength, errors);
        return errors.FirstOrDefault();
    }

    private static bool CheckOrderId(string? orderId, List<string> errors)
    {
        if (string.IsNullOrEmpty(orderId) || orderId.Length > OrderLimits.MaxIdLength || !OrderIdPattern().IsMatch(orderId))
        {
            errors.Add($"orderId must be 1 to {OrderLimits.MaxIdLength} letters, digits or '-_.:', starting with a letter or digit");
            return false;
        }

        return true;
    }

    private static void CheckMetadata(CommandMetadata? metadata, List<string> errors)
    {
        if (metadata is null)
        {
            errors.Add("command metadata is missing");
            return;
        }

        if (metadata.CommandId is { } commandId)
        {
            CheckText("commandId", commandId, OrderLimits.MaxTextLength, errors);
        }

        if (metadata.ExpectedVersion is < 0)
        {
            errors.Add("the expected version cannot be negative");
        }
    }

    private static void CheckLine(string prefix, string? sku, int quantity, decimal unitPrice, List<string> errors)
    {
        CheckText(prefix + "sku", sku, OrderLimits.MaxIdLength, errors);
        if (quantity is < OrderLimits.MinQuantity or > OrderLimits.MaxQuantity)
        {
            errors.Add($"{prefix}quantity must be between {OrderLimits.MinQuantity} and {OrderLimits.MaxQuantity}");
        }

        CheckMoney(prefix + "unitPrice", unitPrice, OrderLimits.MaxUnitPrice, errors);
    }

    private static void CheckMoney(string field, decimal amount, decimal max, List<string> errors)
    {
        if (amount <= 0 || amount > max)
        {
            errors.Add(max == decimal.MaxValue
                ? $"{field} must be greater than 0"
                : $"{field} must be greater than 0 and at most {max}");
        }
        else if (decimal.Round(amount, OrderLimits.MoneyDecimals) != amount)
        {
            errors.Add($"{field} must have at most {OrderLimits.MoneyDecimals} decimals");
        }
    }

    private static void CheckText(string field, string? value, int maxLength, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{field} is required");
        }
        else if (value.Length > maxLength)
        {
            errors.Add($"{field} must be at most {maxLength} characters");
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add($"{field} must not contain control characters");
        }
    }
}
