using System.Data.Common;

namespace Orders.Contracts.Database;

/// <summary>Builds parameterized commands; values are never spliced into SQL text.</summary>
public static class DbCommands
{
    public static DbCommand CreateCommand(
        this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Bind(command.CreateParameter, parameters);
        return command;
    }

    /// <summary>Adds each named value (null as DBNull) to a command's or a batch command's parameters.</summary>
    public static void Bind(this DbParameterCollection target, Func<DbParameter> create, IEnumerable<(string Name, object? Value)> values)
    {
        foreach (var (name, value) in values)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            target.Add(parameter);
        }
    }
}
