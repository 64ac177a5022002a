using System.Globalization;
using Orders.Contracts.Database;
using Orders.Projections.Storage;

namespace Orders.Projections.ProductSales;

public sealed class ProductSalesReader(ReadModelStore store)
{
    public async Task<IReadOnlyList<ProductSalesRow>> AllAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<ProductSalesRow>();
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, store.Sql.SelectProductSales);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var day = reader.GetValue(0) switch
            {
                DateOnly value => value,
                DateTime value => DateOnly.FromDateTime(value),
                string text => DateOnly.Parse(text, CultureInfo.InvariantCulture),
                var other => throw new InvalidCastException($"day holds {other.GetType().Name}"),
            };
            rows.Add(new ProductSalesRow(day, reader.GetString(1), reader.GetInt64(2), reader.GetMoney(3)));
        }

        return rows;
    }
}
