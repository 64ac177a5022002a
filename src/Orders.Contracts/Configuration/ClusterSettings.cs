namespace Orders.Contracts.Configuration;

public sealed class ClusterSettings
{
    public const string WriteRole = "write";
    public const string ProjectionRole = "projection";
    public const string GatewayRole = "gateway";

    /// <summary>The address remoting binds to. Default: 127.0.0.1 (never exposed unless configured).</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>The remoting port. Default: 0, any free port, which suits the one-node embedded default.</summary>
    public int Port { get; set; }

    /// <summary>
    /// The address other nodes reach this one by, when it differs from <see cref="Hostname"/> (a container that
    /// binds 0.0.0.0 but is known as <c>node1</c>). Default: none, the bind address.
    /// </summary>
    public string? PublicHostname { get; set; }

    /// <summary>Seed node addresses (<c>akka.tcp://orders@host:port</c>). Empty: this node forms a cluster of its own.</summary>
    public string[] SeedNodes { get; set; } = [];

    public static readonly IReadOnlyList<string> AllRoles = [WriteRole, ProjectionRole, GatewayRole];

    /// <summary>
    /// This node's roles: <c>write</c> (order shards), <c>projection</c> (projection workers), <c>gateway</c> (HTTP).
    /// Unset (the default) means all of them; <c>Orders.Node</c> makes it <c>write</c> and <c>projection</c>. No
    /// settings file sets it, so that <c>Orders__Cluster__Roles__0=gateway</c> means exactly [gateway]: configuration
    /// merges lists by index, and a list in a file would keep its other entries.
    /// </summary>
    public string[] Roles { get; set; } = [];

    public IReadOnlyList<string> EffectiveRoles => Roles.Length == 0 ? AllRoles : Roles;

    public bool HasRole(string role) => EffectiveRoles.Contains(role);

    /// <summary>Number of shards for the orders; keep it about ten times the largest node count. Default: 40.</summary>
    public int NumberOfShards { get; set; } = 40;

    /// <summary>An order actor idle this long is stopped and recovers on its next message. Default: 2 minutes.</summary>
    public TimeSpan PassivateIdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Commands this node's orders may have waiting for the journal at once; past it a command is refused at once
    /// (503 with Retry-After at the gateway) instead of timing out in the journal's queue. Keep it above the
    /// commands in flight the node should take and below what the database stores within the journal's call
    /// timeout. Default: 2 048.
    /// </summary>
    public int MaxCommandsAwaitingJournal { get; set; } = 2048;

    /// <summary>How soon a silent node counts as unreachable.</summary>
    public FailureDetectorSettings FailureDetector { get; set; } = new();

    /// <summary>How the cluster decides which nodes to remove when some become unreachable (a crash or a partition).</summary>
    public SplitBrainResolverSettings SplitBrainResolver { get; set; } = new();

    /// <summary>TLS between nodes. Off by default (the embedded node listens on loopback only).</summary>
    public RemoteTlsSettings Tls { get; set; } = new();
}
