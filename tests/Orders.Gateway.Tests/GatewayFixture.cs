using System.Runtime.ExceptionServices;
using Orders.Testing;
using Orders.Testing.Providers;

namespace Orders.Gateway.Tests;

/// <summary>
/// One running gateway over a database of its own, shared by the tests of one class. When the database cannot
/// be had (PostgreSQL not configured) each test of the class is skipped — or fails under CI — in its constructor.
/// </summary>
public class GatewayFixture<TProvider> : IGatewayFixture, IAsyncLifetime
    where TProvider : ITestProvider
{
    private Exception? _startFailure;
    private GatewayFactory? _factory;

    public GatewayFactory Factory => _factory ?? throw new InvalidOperationException("the gateway did not start");

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            _factory = new GatewayFactory(TestDatabases.Create(TProvider.Provider));
            Client = _factory.CreateClient();
            await OnStartedAsync();
        }
        catch (Exception error)
        {
            _startFailure = error;
        }
    }

    public void ThrowIfUnavailable()
    {
        if (_startFailure is not null)
        {
            ExceptionDispatchInfo.Throw(_startFailure);
        }
    }

    public async Task<int> CountEventsAsync() => (await Factory.Journal.AllOrderEventsAsync(Factory.Slices)).Count;

    protected virtual Task OnStartedAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (_factory is not null)
        {
            _factory.Dispose();
            _factory.Database.Dispose();
        }

        return Task.CompletedTask;
    }
}
