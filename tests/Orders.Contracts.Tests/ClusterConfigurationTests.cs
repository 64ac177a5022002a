using Orders.Contracts.Configuration;
using Orders.Testing;

namespace Orders.Contracts.Tests;

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
            Strategy = SplitBrainResolverSettings.KeepOldest, StableAfter = TimeSpan.FromSeconds(4), DownRemovalMargin = TimeSpan.FromMilliseconds(1500),
        };
        settings.Cluster.FailureDetector = new FailureDetectorSettings
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(700), AcceptableHeartbeatPause = TimeSpan.FromMilliseconds(2500),
        };

        using var host = OrdersTestHost.Start(settings);
        var config = host.System.Settings.Config;

        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-oldest", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(4), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.GetTimeSpan("akka.cluster.down-removal-margin"));
        Assert.Equal(TimeSpan.FromMilliseconds(700), config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetTimeSpan("akka.cluster.sharding.retry-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetTimeSpan("akka.cluster.gossip-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetTimeSpan("akka.cluster.leader-actions-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetTimeSpan("akka.cluster.unreachable-nodes-reaper-interval"));
        // What Akka itself derives from them: the removal margin the shard coordinator and the singletons wait.
        var cluster = Akka.Cluster.Cluster.Get(host.System);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), cluster.DowningProvider.DownRemovalMargin);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), cluster.Settings.FailureDetectorConfig.GetTimeSpan("acceptable-heartbeat-pause"));
        // Shards move with Akka's newer algorithm (a positive absolute limit selects it), looked at every second, up to a
        // third of them in a round; the projections' slice workers (a sharded daemon process) move the same way.
        var sharding = Akka.Cluster.Sharding.ClusterShardingSettings.Create(host.System);
        Assert.Equal(TimeSpan.FromSeconds(1), sharding.TuningParameters.RebalanceInterval);
        Assert.True(sharding.TuningParameters.LeastShardAllocationAbsoluteLimit > 0);
        Assert.Equal(0.34, sharding.TuningParameters.LeastShardAllocationRelativeLimit);
        var daemons = Akka.Cluster.Sharding.ClusterShardingSettings.Create(
            config.GetConfig("akka.cluster.sharded-daemon-process.sharding"), config.GetConfig("akka.cluster.singleton"));
        Assert.Equal(TimeSpan.FromSeconds(1), daemons.TuningParameters.RebalanceInterval);
        Assert.True(daemons.TuningParameters.LeastShardAllocationAbsoluteLimit > 0);
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.False(config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal("node-7.example", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(["write"], Akka.Cluster.Cluster.Get(host.System).SelfRoles.Where(role => !role.StartsWith("dc-", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_defaults_down_a_lost_node_within_seconds_keep_the_majority_and_wait_one_second_before_taking_its_orders()
    {
        var hocon = new SplitBrainResolverSettings().ToHocon();
        var detector = new FailureDetectorSettings().ToHocon();

        Assert.Contains("active-strategy = keep-majority", hocon);
        Assert.Contains("stable-after = 2000ms", hocon);
        Assert.Contains("down-removal-margin = 1000ms", hocon);
        Assert.Contains("heartbeat-interval = 500ms", detector);
        Assert.Contains("acceptable-heartbeat-pause = 1500ms", detector);
        Assert.Contains("unreachable-nodes-reaper-interval = 500ms", detector);
    }

    [Theory]
    [InlineData(0, 2000, 1000, "Orders:Cluster:FailureDetector:HeartbeatInterval must be positive")]
    [InlineData(1000, 0, 1000, "Orders:Cluster:FailureDetector:AcceptableHeartbeatPause must be positive")]
    [InlineData(1000, 500, 1000, "Orders:Cluster:FailureDetector:AcceptableHeartbeatPause (00:00:00.5000000) must be at least twice HeartbeatInterval")]
    [InlineData(1000, 1500, 1000, "Orders:Cluster:FailureDetector:AcceptableHeartbeatPause (00:00:01.5000000) must be at least twice HeartbeatInterval")]
    [InlineData(1000, 2000, 0, "Orders:Cluster:SplitBrainResolver:DownRemovalMargin must be positive")]
    public void A_failure_detection_setting_that_cannot_work_is_refused_at_start(int heartbeatMs, int pauseMs, int marginMs, string message)
    {
        var settings = new OrdersSettings
        {
            Cluster =
            {
                FailureDetector = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(heartbeatMs), AcceptableHeartbeatPause = TimeSpan.FromMilliseconds(pauseMs) },
                SplitBrainResolver = new() { DownRemovalMargin = TimeSpan.FromMilliseconds(marginMs) },
            },
        };

        Assert.Contains(OrdersSettingsValidation.Problems(settings), problem => problem.StartsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("keep-everything", 10, 0, "Orders:Cluster:SplitBrainResolver:Strategy must be one of keep-majority, keep-oldest, static-quorum, down-all")]
    [InlineData("keep-majority", 0, 0, "Orders:Cluster:SplitBrainResolver:StableAfter must be positive")]
    [InlineData("static-quorum", 10, 0, "Orders:Cluster:SplitBrainResolver:QuorumSize must be at least 1")]
    public void A_resolver_setting_that_cannot_work_is_refused_at_start(string strategy, int stableSeconds, int quorum, string message)
    {
        var settings = new OrdersSettings
        {
            Cluster = { SplitBrainResolver = new() { Strategy = strategy, StableAfter = TimeSpan.FromSeconds(stableSeconds), QuorumSize = quorum } },
        };

        Assert.Contains(OrdersSettingsValidation.Problems(settings), problem => problem.StartsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "writer" }, "Orders:Cluster:Roles: 'writer' is not a role; the roles are write, projection, gateway")]
    [InlineData(new[] { "Write" }, "Orders:Cluster:Roles: 'Write' is not a role")]
    [InlineData(new[] { "gateway", "projection", "gateway" }, "Orders:Cluster:Roles names 'gateway' 2 times")]
    public void Unknown_or_repeated_roles_are_refused_with_the_key(string[] roles, string message)
    {
        var settings = new OrdersSettings { Cluster = { Roles = roles } };

        Assert.Contains(OrdersSettingsValidation.Problems(settings), problem => problem.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_have_no_problem_and_every_wrong_number_names_its_key()
    {
        Assert.Empty(OrdersSettingsValidation.Problems(new OrdersSettings()));

        var settings = new OrdersSettings
        {
            Database = { ConnectionString = " " },
            Cluster = { Port = 70000, NumberOfShards = 0, SeedNodes = ["node1:4053"] },
            Projections = { Slices = 0, PollInterval = TimeSpan.Zero, MaxRestartBackoff = TimeSpan.FromMilliseconds(1) },
            Snapshots = { Every = 0 },
        };
        var problems = OrdersSettingsValidation.Problems(settings).ToList();

        Assert.Equal(
        [
            "Orders:Database:ConnectionString is empty",
            "Orders:Cluster:Port must be between 0 (any free port) and 65535, not 70000",
            "Orders:Cluster:SeedNodes: 'node1:4053' is not a node address such as akka.tcp://orders@host:4053",
            "Orders:Cluster:NumberOfShards must be at least 1, not 0",
            "Orders:Projections:Slices must be at least 1, not 0",
            "Orders:Projections:PollInterval must be positive, not 00:00:00",
            "Orders:Projections:MaxRestartBackoff (00:00:00.0010000) must not be shorter than MinRestartBackoff (00:00:01)",
            "Orders:Snapshots:Every must be at least 1, not 0",
        ], problems);
    }
}
