using Orders.Projections.Schema;

namespace Orders.Cli.Commands;

/// <summary>
/// <c>migrate</c>: brings the read tables to the latest schema version (what hosts do at start unless
/// <c>Orders:Database:MigrateOnStart</c> is false). <c>migrate --status</c> only says what is missing.
/// </summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(QueryContext context, bool statusOnly, CancellationToken cancellationToken)
    {
        var store = context.ReadModel;
        if (statusOnly)
        {
            var pending = await store.PendingMigrationsAsync(cancellationToken);
            context.Output.WriteLine(pending.Count == 0
                ? $"the read tables are at version {ReadSchemaMigrations.Latest}, the latest"
                : $"the read tables need {pending.Count} migration(s): {string.Join(", ", pending)}");
            return pending.Count == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }

        var applied = await store.MigrateAsync(cancellationToken);
        foreach (var step in applied)
        {
            context.Output.WriteLine($"applied {step}");
        }

        context.Output.WriteLine($"the read tables are at version {ReadSchemaMigrations.Latest}{(applied.Count == 0 ? " already" : "")}");
        return ExitCodes.Ok;
    }
}
