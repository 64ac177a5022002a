using System.Data.Common;
using LinqToDB;
using Microsoft.Data.SqlClient;
using Orders.Contracts.Configuration;

namespace Orders.Contracts.Database.SqlServer;

public sealed class SqlServerDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string JournalProviderName => ProviderName.SqlServer2022;

    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public override string InsertJournalRowsReturningOrdering(int rows) =>
        $"{InsertJournalRowsInto} OUTPUT INSERTED.ordering, INSERTED.persistence_id, INSERTED.sequence_number VALUES {JournalRowValues(rows)}";
}
