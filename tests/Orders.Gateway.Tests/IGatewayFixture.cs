namespace Orders.Gateway.Tests;

/// <summary>What a test sees of a running gateway, whichever database it runs on.</summary>
public interface IGatewayFixture
{
    GatewayFactory Factory { get; }

    HttpClient Client { get; }

    /// <summary>Rethrows why the gateway could not start: a skip when PostgreSQL is not configured.</summary>
    void ThrowIfUnavailable();

    Task<int> CountEventsAsync();
}
