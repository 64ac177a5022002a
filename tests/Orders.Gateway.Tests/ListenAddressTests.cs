using System.Net;
using System.Net.Sockets;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// The gateway listens where the usual ASP.NET Core settings say — <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>,
/// <c>--urls</c> — and, with none of them, where the README says. Each case is a real process started from the
/// repository root, so the root <c>appsettings.json</c> applies as it does for <c>dotnet run</c>.
/// </summary>
public sealed class ListenAddressTests(ITestOutputHelper output) : TestWithResources
{
    public enum Setting
    {
        AspNetCoreUrls,
        HttpPorts,
        CommandLine,
        Nothing,
    }

    [SkippableTheory]
    [InlineData(Setting.AspNetCoreUrls)]
    [InlineData(Setting.HttpPorts)]
    [InlineData(Setting.CommandLine)]
    [InlineData(Setting.Nothing)]
    public async Task The_gateway_listens_where_the_standard_settings_say(Setting setting)
    {
        var database = Track(new SqliteTestDatabase());
        var port = setting == Setting.Nothing ? new Uri(GatewayComposition.DefaultUrl).Port : ServiceProcess.FreePort();
        if (setting == Setting.Nothing)
        {
            Skip.If(InUse(port) && Environment.GetEnvironmentVariable("CI") != "true",
                $"port {port} is taken on this machine (a running gateway?), so the default address cannot be tested here");
        }

        var environment = new Dictionary<string, string>
        {
            ["Orders__Database__Provider"] = database.Provider.ToString(),
            ["Orders__Database__ConnectionString"] = database.ConnectionString,
            ["Orders__Database__ReadModelConnectionString"] = database.ReadModelConnectionString,
        };
        TestAuth.AddTo(environment);
        string[] arguments = [];
        switch (setting)
        {
            case Setting.AspNetCoreUrls:
                environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
                break;
            case Setting.HttpPorts:
                environment["ASPNETCORE_HTTP_PORTS"] = port.ToString();
                break;
            case Setting.CommandLine:
                arguments = ["--urls", $"http://127.0.0.1:{port}"];
                break;
        }

        using var service = ServiceProcess.Start("Orders.Gateway.dll", "gateway", environment, output, ServiceProcess.RepositoryFolder, arguments);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Holds(async () =>
        {
            Assert.False(service.HasExited, "the gateway exited");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        }, TimeSpan.FromSeconds(60));

        // ASPNETCORE_HTTP_PORTS means every interface; the others name loopback, as the default does.
        Assert.Contains(service.Lines, line => line.Contains(
            setting == Setting.HttpPorts ? $"http://[::]:{port}" : $"http://127.0.0.1:{port}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS", "localhost:5080", "ASPNETCORE_URLS (or --urls, Urls): 'localhost:5080' is not an address such as http://127.0.0.1:5080")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "80a", "ASPNETCORE_HTTP_PORTS: '80a' is not a port (1-65535)")]
    [InlineData("Orders__Cluster__Roles__0", "writer", "Orders:Cluster:Roles: 'writer' is not a role; the roles are write, projection, gateway")]
    [InlineData("Orders__Gateway__AskTimeout", "00:00:00", "Orders:Gateway:AskTimeout must be positive")]
    [InlineData("Orders__Cluster__Port", "forty", "'Orders:Cluster:Port'")]
    public void A_wrong_setting_stops_the_gateway_at_start_with_its_key(string variable, string value, string message)
    {
        var database = Track(new SqliteTestDatabase());
        var environment = new Dictionary<string, string>
        {
            ["Orders__Database__Provider"] = database.Provider.ToString(),
            ["Orders__Database__ConnectionString"] = database.ConnectionString,
            ["Orders__Database__ReadModelConnectionString"] = database.ReadModelConnectionString,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            [variable] = value,
        };
        TestAuth.AddTo(environment);

        using var service = ServiceProcess.Start("Orders.Gateway.dll", "gateway", environment, output, ServiceProcess.RepositoryFolder);
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(60)), "the gateway is still running");
        Assert.NotEqual(0, service.ExitCode);
        Assert.Contains(service.Lines, line => line.Contains(message, StringComparison.Ordinal));
    }

    private static bool InUse(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
