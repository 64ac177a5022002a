using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Projections.Storage;

namespace Orders.Projections.Hosting;

public static class DatabaseServices
{
    /// <summary>The database resolved once from <c>Orders:Database</c>, and the read tables' store over it.</summary>
    public static IServiceCollection AddOrdersDatabase(this IServiceCollection services) =>
        services
            .AddSingleton(sp => new OrdersDatabase(sp.GetRequiredService<IOptions<OrdersSettings>>().Value.Database))
            .AddSingleton(sp => new ReadModelStore(sp.GetRequiredService<OrdersDatabase>()));
}
