using Orders.Contracts.Database;
using Orders.Projections.Storage;

namespace Orders.Projections.CustomerOrders;

public sealed class CustomerOrdersReader(ReadModelStore store)
{
    public async Task<CustomerOrdersRow?> FindAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(null, store.Sql.SelectCustomerOrders, ("@customer_id", customerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CustomerOrdersRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetMoney(3),
                reader.GetNullableUtcTimestamp(4))
            : null;
    }
}
