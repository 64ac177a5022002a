using Orders.Cluster.Configuration;
using Orders.Testing;

namespace Orders.Cluster.Tests;

/// <summary><c>Orders:Cluster</c> reaches the actor system: roles, addresses, the split brain resolver.</summary>
public sealed class ClusterConfigurationTests
{
    [Fact]
    public void The_split_brain_resolver_and_remoting_settings_reach_the_actor_system()
    {
        using var database = new SqliteTestDatabase();
        var settings = database.Settings();
        settings.Cluster.Roles = [ClusterSettings.WriteRole];
        settings.Cluster.PublicHostname = "node-7.example";
        settings.Cluster.SplitBrainResolver = new SplitBrainResolverSettings
        {
            Strategy = SplitBrainResolverSettings.KeepOldest, StableAfter = TimeSpan.FromSeconds(4),
        };

        using var host = OrdersTestHost.Start(settings);
        var config = host.System.Settings.Config;

        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-oldest", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(4), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.False(config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal("node-7.example", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(["write"], Akka.Cluster.Cluster.Get(host.System).SelfRoles.Where(role => !role.StartsWith("dc-", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_default_resolver_keeps_the_majority_after_ten_stable_seconds()
    {
        var hocon = new SplitBrainResolverSettings().ToHocon();

        Assert.Contains("active-strategy = keep-majority", hocon);
        Assert.Contains("stable-after = 10000ms", hocon);
    }

    [Theory]
    [InlineData("keep-everything", 10, 0, "Strategy must be one of keep-majority, keep-oldest, static-quorum, down-all")]
    [InlineData("keep-majority", 0, 0, "StableAfter must be positive")]
    [InlineData("static-quorum", 10, 0, "QuorumSize must be at least 1")]
    public void A_resolver_setting_that_cannot_work_is_refused_at_start(string strategy, int stableSeconds, int quorum, string message)
    {
        var settings = new SplitBrainResolverSettings { Strategy = strategy, StableAfter = TimeSpan.FromSeconds(stableSeconds), QuorumSize = quorum };

        var error = Assert.Throws<InvalidOperationException>(settings.ToHocon);
        Assert.Contains(message, error.Message);
    }
}
