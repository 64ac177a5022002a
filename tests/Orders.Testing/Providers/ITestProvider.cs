using Orders.Contracts.Configuration;

namespace Orders.Testing.Providers;

/// <summary>Names a database provider as a type, so that generic fixtures can be made once per provider.</summary>
public interface ITestProvider
{
    static abstract DatabaseProvider Provider { get; }
}
