using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Contracts.Configuration;
using Orders.Domain;
using Orders.Projections.Storage;
using Orders.Projections.Verification;
using Orders.Testing;

namespace Orders.Node.Tests;

/// <summary>
/// Three node processes and a gateway on loopback over PostgreSQL, with the shipped failure detection and split
/// brain resolver, under a steady load of commands: one node is killed (SIGKILL; the oldest, which holds the shard
/// coordinator), paused past its downing and resumed (SIGSTOP, SIGCONT), or stopped (SIGTERM). Orders move to the remaining nodes, nothing acknowledged is lost, no
/// sequence number is doubled or skipped, and the read tables converge to the fold of the journal.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output) : TestWithResources
{
    private const int Clients = 6;
    private const int Slices = 4;

    /// <summary>The issue's bound: from a node's crash to the last command that fails because of it.</summary>
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The issue's "a few seconds": from a restarted node's joining to its own orders' first decided command. Measured
    /// 2.1 – 4.5 s on this 2-core machine under the test's load; before Akka's newer allocation and the warm-up, 14.8 s.
    /// </summary>
    private static readonly TimeSpan RestartBound = TimeSpan.FromSeconds(8);

    [SkippableFact]
    public async Task The_killed_oldest_node_s_orders_and_the_shard_coordinator_answer_again_within_10_seconds_and_nothing_acknowledged_is_lost()
    {
        using var stop = new CancellationTokenSource();
        var (cluster, load, running) = await StartUnderLoadAsync("kill", TimeSpan.FromSeconds(45), stop.Token);

        // The oldest node: it holds the shard coordinator (a cluster singleton), which must move as well as its shards.
        var killedAt = load.Now;
        var killedAtClock = DateTimeOffset.UtcNow;
        cluster.Nodes[0].Kill();
        await Task.Delay(FailoverBound + TimeSpan.FromSeconds(5));
        var probedAt = load.Now;
        // Then every order answers a command at once (a 412 from its actor: the probe changes nothing).
        var silent = await ProbeAsync(cluster.Http, load.Orders.Keys);
        stop.Cancel();
        await running;

        var failures = load.FailedAttempts.Where(f => f.At >= killedAt).ToList();
        Report(load, killedAt, failures);
        Timeline(cluster, killedAtClock);
        Assert.Empty(silent);
        Assert.Empty(load.GaveUp);
        Assert.NotEmpty(failures); // the kill hit orders in flight, or this test proved nothing
        Assert.True(failures.Max(f => f.At) - killedAt < FailoverBound,
            $"the last failed command was {(failures.Max(f => f.At) - killedAt).TotalSeconds:F1} s after the kill");
        Assert.True(probedAt - killedAt >= FailoverBound);
        await AssertJournalAndReadTablesAsync(cluster, load);
    }

    /// <summary>
    /// A partition, not a crash: the node is paused (SIGSTOP) with its sockets and database connections open until
    /// the others have downed it and its orders answer from their new homes, then resumed (SIGCONT) with the others'
    /// messages waiting in its sockets. It must not write again — its fence refuses, and nothing it tries reaches the
    /// journal — and it must leave by itself; restarted, it rejoins and takes shards again.
    /// </summary>
    [SkippableFact]
    public async Task A_node_paused_until_it_is_downed_writes_nothing_when_it_resumes_leaves_by_itself_and_rejoins_when_restarted()
    {
        using var stop = new CancellationTokenSource();
        var (cluster, load, running) = await StartUnderLoadAsync("pause", TimeSpan.FromSeconds(60), stop.Token);
        await Eventually.Holds(async () =>
            Assert.Equal(3, ShardHosts(await cluster.Http.GetStringAsync("/metrics")).Count(host => host.Value > 0)), TimeSpan.FromSeconds(30));
        // Every node serves its health beside its metrics: alive, and ready (an Up member, its journal answering),
        // under load.
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.Holds(async () => Assert.All(await NodeHealthAsync(health, cluster, [0, 1, 2]), answer =>
            Assert.True(answer is { Live: HttpStatusCode.OK, Ready: HttpStatusCode.OK }, answer.ToString())), TimeSpan.FromSeconds(30));

        var node = cluster.Nodes[2];
        var pausedAt = load.Now;
        var pausedAtClock = DateTimeOffset.UtcNow;
        node.Pause();
        // The others notice, down it and move its orders: every order answers again, and only two nodes hold shards.
        await Eventually.Holds(async () =>
        {
            Assert.Equal(2, ShardHosts(await cluster.Http.GetStringAsync("/metrics")).Count(host => host.Value > 0));
            Assert.Empty(await ProbeAsync(cluster.Http, load.Orders.Keys));
        }, TimeSpan.FromSeconds(60));
        var movedAfter = load.Now - pausedAt;
        // The two others are still ready: their own membership is Up, their journal answers.
        Assert.All(await NodeHealthAsync(health, cluster, [0, 1]), answer =>
            Assert.True(answer is { Live: HttpStatusCode.OK, Ready: HttpStatusCode.OK }, answer.ToString()));
        var resumedAt = load.Now;
        var resumedAtClock = DateTimeOffset.UtcNow;
        node.Resume();
        Assert.True(node.WaitForExit(TimeSpan.FromSeconds(60)), "the resumed node did not leave by itself within 60 s");
        var leftAfter = load.Now - resumedAt;

        var afterResume = node.TimedLines.Where(timed => timed.At >= resumedAtClock).Select(timed => timed.Line).ToList();
        var fenced = afterResume.Count(line => line.Contains(" not written: ", StringComparison.Ordinal)
                                               || line.Contains("journal write fenced", StringComparison.Ordinal));
        foreach (var line in afterResume.Where(line => line.Contains("not written", StringComparison.Ordinal) || line.Contains("not stored", StringComparison.Ordinal)).Take(10))
        {
            output.WriteLine($"  resumed node: {line}");
        }

        output.WriteLine($"paused: the others had moved its orders {movedAfter.TotalSeconds:F1} s after SIGSTOP; resumed, it refused "
                         + $"{fenced} writes and exited ({node.ExitCode}) {leftAfter.TotalSeconds:F1} s after SIGCONT");
        Timeline(cluster, pausedAtClock);
        // It knew it had been frozen. Writes it had sent before the pause may time out now (the database took them
        // then, before the others took its orders); any it tries now are refused by its fence (counted above; how
        // many depends on which commands were waiting in its sockets) or, failing that, by the journal's keys.
        Assert.Contains(afterResume, line => line.Contains("This node was frozen for", StringComparison.Ordinal));

        // Restarted in its place (same address, a new incarnation), it joins and takes shards again: its own order
        // actors decide commands (its own metrics, read every 100 ms).
        var restartedAt = load.Now;
        var restartedAtClock = DateTimeOffset.UtcNow;
        var restarted = cluster.RestartNode(2, output);
        await restarted.WaitForOutputAsync("Welcome from", TimeSpan.FromSeconds(60));
        var joinedAfter = load.Now - restartedAt;
        var servedAfter = await FirstDecidedCommandAsync(health, cluster.NodeMetricsPorts[2], load, TimeSpan.FromSeconds(60)) - restartedAt;
        output.WriteLine($"restart: joined {joinedAfter.TotalSeconds:F1} s after it was started, decided its first command {servedAfter.TotalSeconds:F1} s after");
        // It readied its journal first, so the shards it was given did not wait for the plugins' first use.
        var warmedAt = restarted.TimedLines.First(timed => timed.Line.Contains("Journal warmed up", StringComparison.Ordinal)).At;
        Assert.True(warmedAt <= restarted.TimedLines.First(timed => timed.Line.Contains("Welcome from", StringComparison.Ordinal)).At,
            "the restarted node joined before its journal was warmed up");
        output.WriteLine($"restart: its journal was warmed up {(warmedAt - restartedAtClock).TotalSeconds:F1} s after it was started");
        Timeline(cluster, restartedAtClock);
        Assert.True(servedAfter - joinedAfter < RestartBound,
            $"the restarted node decided its first command {(servedAfter - joinedAfter).TotalSeconds:F1} s after it joined");
        await Eventually.Holds(async () =>
            Assert.Equal(3, ShardHosts(await cluster.Http.GetStringAsync("/metrics")).Count(host => host.Value > 0)), TimeSpan.FromSeconds(30));
        await WaitForAcknowledgedAsync(load, load.Acknowledged.Count + 20);
        stop.Cancel();
        await running;

        var failures = load.FailedAttempts.Where(f => f.At >= pausedAt && f.At < resumedAt).ToList();
        Report(load, pausedAt, failures);
        foreach (var (process, line) in cluster.Nodes.Take(2)
                     .SelectMany(survivor => survivor.TimedLines.Where(timed => timed.At >= pausedAtClock).Select(timed => (survivor.Name, timed.Line)))
                     .Where(timed => (timed.Line.Contains("fail", StringComparison.OrdinalIgnoreCase) || timed.Line.Contains("Exception", StringComparison.Ordinal))
                                     && !timed.Line.Contains("heartbeat interval", StringComparison.Ordinal) && !timed.Line.Contains("Association", StringComparison.Ordinal))
                     .Take(16))
        {
            output.WriteLine($"  {process}: {line}");
        }

        // The claims here are safety and self-healing, not speed: a pause sometimes costs about 22 s (Akka's
        // association to the paused node stays open until its 15 s handshake timeout), so no bound is asserted.
        Assert.Empty(load.GaveUp);
        // Every order answers again (the restarted node's share of shards may still be moving to it).
        await Eventually.Holds(async () => Assert.Empty(await ProbeAsync(cluster.Http, load.Orders.Keys)), TimeSpan.FromSeconds(60));
        await AssertJournalAndReadTablesAsync(cluster, load);
    }

    [SkippableFact]
    public async Task A_node_stopped_with_SIGTERM_leaves_gracefully_and_no_command_fails_beyond_the_retry_window()
    {
        using var stop = new CancellationTokenSource();
        var (cluster, load, running) = await StartUnderLoadAsync("term", TimeSpan.FromSeconds(10), stop.Token);

        // Metrics: a node serves its own (commands its order actors decided); any node — the gateway here — sees the
        // shards of every node of the cluster.
        await Eventually.Holds(async () =>
        {
            using var plain = new HttpClient();
            var node = await plain.GetStringAsync($"http://127.0.0.1:{cluster.NodeMetricsPort}/metrics");
            Assert.Matches("orders_commands[a-z_]*_total\\{[^}]*outcome=\"accepted\"", node);
            Assert.Equal(3, ShardHosts(await cluster.Http.GetStringAsync("/metrics")).Count(host => host.Value > 0));
        }, TimeSpan.FromSeconds(30));

        var stoppedAt = load.Now;
        Assert.True(cluster.Nodes[2].Terminate(TimeSpan.FromSeconds(40)), "the node did not exit within 40 s of SIGTERM");
        var exitedAfter = load.Now - stoppedAt;
        Assert.Equal(0, cluster.Nodes[2].ExitCode);
        Assert.Contains(cluster.Nodes[2].Lines, line => line.Contains("Exiting completed", StringComparison.Ordinal));
        // Long enough for a command that failed at the exit to give up (its retry window) and be counted.
        await Task.Delay(load.RetryWindow + TimeSpan.FromSeconds(5));
        await WaitForAcknowledgedAsync(load, load.Acknowledged.Count + 20);
        stop.Cancel();
        await running;

        var failures = load.FailedAttempts.Where(f => f.At >= stoppedAt).ToList();
        output.WriteLine($"SIGTERM: the node left and exited after {exitedAfter.TotalSeconds:F1} s");
        Report(load, stoppedAt, failures);
        Assert.Empty(load.GaveUp);
        Assert.Empty(await ProbeAsync(cluster.Http, load.Orders.Keys));
        await AssertJournalAndReadTablesAsync(cluster, load);
    }

    [SkippableFact]
    public async Task The_documented_gateway_only_gateway_runs_no_shard_and_no_projection_worker()
    {
        // Started from the repository root, with its appsettings.json, and Orders__Cluster__Roles__0=gateway: the
        // docs/cluster.md's recipe and docker-compose's gateway.
        using var stop = new CancellationTokenSource();
        var (cluster, load, running) = await StartUnderLoadAsync("gateway-only", TimeSpan.FromSeconds(10), stop.Token);
        stop.Cancel();
        await running;
        await AssertJournalAndReadTablesAsync(cluster, load);

        Assert.Contains(cluster.Gateway.Lines, line => line.Contains("Orders node roles: gateway (Orders:Cluster:Roles)", StringComparison.Ordinal));
        Assert.All(cluster.Nodes, node =>
            Assert.Contains(node.Lines, line => line.Contains("Orders node roles: write, projection (Orders:Cluster:Roles)", StringComparison.Ordinal)));

        // Shards: the cluster's sharding statistics (which any member reports) list the three nodes, not the gateway.
        await Eventually.Holds(async () =>
        {
            var hosts = ShardHosts(await cluster.Http.GetStringAsync("/metrics"));
            Assert.Equal(3, hosts.Count(host => host.Value > 0));
            Assert.DoesNotContain(cluster.GatewayAddress, hosts.Keys);
        }, TimeSpan.FromSeconds(30));

        // Projection workers: the events were applied by the nodes, and none by the gateway.
        using var plain = new HttpClient();
        long appliedByNodes = 0;
        foreach (var port in cluster.NodeMetricsPorts)
        {
            appliedByNodes += EventsApplied(await plain.GetStringAsync($"http://127.0.0.1:{port}/metrics"));
        }

        Assert.True(appliedByNodes >= load.Acknowledged.Count, $"the nodes applied {appliedByNodes} events for {load.Acknowledged.Count} acknowledged commands");
        Assert.Equal(0, EventsApplied(await cluster.Http.GetStringAsync("/metrics")));

        // A node's readiness includes its own projection workers: a poison event fails the one slice's worker, and the
        // node that runs it turns unready naming the event, while the two others stay ready (that worker is not theirs).
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.All(await NodeHealthAsync(health, cluster, [0, 1, 2]), answer => Assert.Equal(HttpStatusCode.OK, answer.Ready));
        await using (var poison = await new RawJournalWriter(cluster.Database, Slices).BeginAsync("poisoned", 1, "order-teleported.v1", "{}"u8.ToArray()))
        {
            await poison.CommitAsync();
        }

        await Eventually.Holds(async () =>
        {
            var answers = await NodeHealthAsync(health, cluster, [0, 1, 2]);
            var unready = Assert.Single(answers, answer => answer.Ready != HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.Ready);
            Assert.Contains("failed at order-poisoned #1", unready.Report);
            // Start-up ordering (docker-compose's health check) asks /health/member: still an Up member with its journal.
            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Member));
        }, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// The cluster on its own database, warmed up, with <see cref="Clients"/> clients sending commands (retried for
    /// <paramref name="retryWindow"/>) until <paramref name="stop"/>, and 60 of them acknowledged.
    /// </summary>
    private async Task<(LoopbackCluster Cluster, CommandLoad Load, Task Running)> StartUnderLoadAsync(
        string prefix, TimeSpan retryWindow, CancellationToken stop)
    {
        var cluster = Track(await LoopbackCluster.StartAsync(Track(TestDatabases.Create(DatabaseProvider.PostgreSql)), output));
        var load = new CommandLoad(cluster.Http, retryWindow);
        await WarmUpAsync(cluster.Http, prefix);
        var running = load.RunAsync(Clients, prefix, stop);
        await WaitForAcknowledgedAsync(load, 60);
        return (cluster, load, running);
    }

    /// <summary>
    /// When (on the load's clock) the node serving its metrics on <paramref name="port"/> first counts a command its own
    /// order actors decided.
    /// </summary>
    private static async Task<TimeSpan> FirstDecidedCommandAsync(HttpClient http, int port, CommandLoad load, TimeSpan within)
    {
        var deadline = load.Now + within;
        while (load.Now < deadline)
        {
            try
            {
                var metrics = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
                if (System.Text.RegularExpressions.Regex.IsMatch(metrics, "^orders_commands[a-z_]*_total\\{[^}]*outcome=\"accepted\"[^}]*\\} [1-9]",
                        System.Text.RegularExpressions.RegexOptions.Multiline))
                {
                    return load.Now;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: the process is still starting.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the node on metrics port {port} decided no command within {within.TotalSeconds} s");
    }

    /// <summary>Each node's <c>/health/live</c> and <c>/health/ready</c> answers (with the readiness report).</summary>
    private static async Task<List<(int Node, HttpStatusCode Live, HttpStatusCode Ready, HttpStatusCode Member, string Report)>> NodeHealthAsync(
        HttpClient http, LoopbackCluster cluster, IEnumerable<int> nodes)
    {
        var answers = new List<(int, HttpStatusCode, HttpStatusCode, HttpStatusCode, string)>();
        foreach (var node in nodes)
        {
            var address = $"http://127.0.0.1:{cluster.NodeMetricsPorts[node]}/health";
            using var live = await http.GetAsync($"{address}/live");
            using var ready = await http.GetAsync($"{address}/ready");
            using var member = await http.GetAsync($"{address}/member");
            answers.Add((node, live.StatusCode, ready.StatusCode, member.StatusCode, await ready.Content.ReadAsStringAsync()));
        }

        return answers;
    }

    /// <summary>Shards per node address from <c>orders_shards</c>.</summary>
    private static Dictionary<string, int> ShardHosts(string metrics) =>
        System.Text.RegularExpressions.Regex.Matches(metrics,
                "^orders_shards(_[a-z]+)?\\{[^}]*node=\"(?<node>akka\\.tcp://orders@[^\"]+)\"[^}]*\\} (?<count>[0-9]+)",
                System.Text.RegularExpressions.RegexOptions.Multiline)
            .ToDictionary(m => m.Groups["node"].Value, m => int.Parse(m.Groups["count"].Value));

    /// <summary>The sum of <c>orders_projection_events_applied</c> over every projection, as one process exposes it.</summary>
    private static long EventsApplied(string metrics) =>
        System.Text.RegularExpressions.Regex.Matches(metrics,
                "^orders_projection_events_applied[a-z_]*_total(\\{[^}]*\\})? (?<count>[0-9.e+]+)",
                System.Text.RegularExpressions.RegexOptions.Multiline)
            .Sum(m => (long)double.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Waits until the cluster takes a round of creates at once, each answered on its first try: the shard
    /// coordinator runs and shards are allocated. Otherwise a slow start (a busy machine) counts against the load's
    /// retry window, which is there for the incident, not for the start.
    /// </summary>
    private static async Task WarmUpAsync(HttpClient http, string prefix)
    {
        var round = 0;
        await Eventually.Holds(async () =>
        {
            round++;
            var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => http.PostAsJsonAsync("/orders", new
            {
                orderId = $"warm-{prefix}-{round}-{i}",
                customerId = "warm-up",
                lines = new[] { new { sku = "W", quantity = 1, unitPrice = 1m } },
            })));
            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Created, answer.StatusCode));
        }, TimeSpan.FromSeconds(120));
    }

    private static Task WaitForAcknowledgedAsync(CommandLoad load, int count) => Eventually.Holds(() =>
    {
        Assert.True(load.Acknowledged.Count >= count, $"{load.Acknowledged.Count} commands acknowledged so far");
        return Task.CompletedTask;
    }, TimeSpan.FromSeconds(90));

    /// <summary>Sends every order a command it refuses (If-Match a version it is not at); returns the orders that did not answer.</summary>
    private static async Task<List<string>> ProbeAsync(HttpClient http, IEnumerable<string> orderIds)
    {
        var silent = new List<string>();
        foreach (var orderId in orderIds)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/orders/{orderId}/deliver") { Headers = { { "If-Match", "\"999999\"" } } };
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.PreconditionFailed)
            {
                silent.Add($"{orderId}: {(int)response.StatusCode}");
            }
        }

        return silent;
    }

    private void Report(CommandLoad load, TimeSpan incidentAt, IReadOnlyList<(TimeSpan At, string Key, string Outcome)> failures)
    {
        output.WriteLine($"{load.Acknowledged.Count} commands acknowledged on {load.Orders.Count} orders; "
                         + $"{failures.Count} failed attempts after the incident on {failures.Select(f => f.Key).Distinct().Count()} commands");
        if (failures.Count == 0)
        {
            return;
        }

        var lastFailure = failures.Max(f => f.At);
        var firstSuccessAfter = load.Successes.Where(s => s.At > lastFailure).Select(s => s.At).DefaultIfEmpty(lastFailure).Min();
        output.WriteLine($"first failure {(failures.Min(f => f.At) - incidentAt).TotalSeconds:F1} s after the incident, "
                         + $"last failure {(lastFailure - incidentAt).TotalSeconds:F1} s after it, first success after that "
                         + $"{(firstSuccessAfter - incidentAt).TotalSeconds:F1} s after it; outcomes: "
                         + string.Join(", ", failures.GroupBy(f => f.Outcome.Split(' ')[0]).Select(g => $"{g.Key} ×{g.Count()}")));
        foreach (var command in failures.GroupBy(f => f.Key).OrderBy(g => g.Max(f => f.At)).TakeLast(8))
        {
            output.WriteLine($"  {command.Key}: {command.Count()} failed attempts, {(command.Min(f => f.At) - incidentAt).TotalSeconds:F1}"
                             + $"–{(command.Max(f => f.At) - incidentAt).TotalSeconds:F1} s; last: {command.MaxBy(f => f.At).Outcome}");
        }
    }

    /// <summary>
    /// Where the time after the incident went, from the surviving processes' own log lines (the cluster's membership
    /// and the shard coordinator log at information level in this test): detection, the resolver's decision, removal,
    /// the coordinator's move.
    /// </summary>
    private void Timeline(LoopbackCluster cluster, DateTimeOffset incidentAt)
    {
        string[] marks = ["unreachable", "SBR", "Downing", "downing", "Leader is removing", "Removed", "ShardCoordinator", "Singleton", "singleton", "oldest", "ebalance", "Welcome", "to [Up]", "is JOINING"];
        foreach (var (process, at, line) in cluster.Processes
                     .SelectMany(process => process.TimedLines.Select(timed => (process.Name, timed.At, timed.Line)))
                     .Where(timed => timed.At >= incidentAt && marks.Any(mark => timed.Line.Contains(mark, StringComparison.Ordinal)))
                     .OrderBy(timed => timed.At)
                     .Take(40))
        {
            output.WriteLine($"  +{(at - incidentAt).TotalSeconds,5:F1} s {process}: {(line.Length > 160 ? line[..160] + "…" : line)}");
        }
    }

    /// <summary>
    /// Every acknowledged command's event is in the journal exactly once, every order's sequence numbers run 1..n,
    /// and the read tables converge to the fold of the journal (projection workers moved off the lost node).
    /// </summary>
    private async Task AssertJournalAndReadTablesAsync(LoopbackCluster cluster, CommandLoad load)
    {
        var journal = await JournalRows.ReadAllAsync(cluster.Database, Slices);
        var byCommand = journal.Select(e => (IOrderEvent)e.Event).Where(e => e.CommandId is not null).GroupBy(e => e.CommandId!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var key in load.Acknowledged.Keys)
        {
            Assert.True(byCommand.GetValueOrDefault(key) == 1, $"acknowledged command {key} has {byCommand.GetValueOrDefault(key)} events in the journal");
        }

        foreach (var order in journal.GroupBy(e => e.PersistenceId))
        {
            Assert.Equal(Enumerable.Range(1, order.Count()).Select(i => (long)i), order.Select(e => e.SequenceNr).Order());
        }

        var expected = ReadModelContent.ExpectedFrom(journal.Select(e => (IOrderEvent)e.Event));
        var store = ReadModelStore.For(cluster.Database.Settings().Database);
        await Eventually.Holds(async () => Assert.Equal(expected, await ReadModelContent.ReadAllAsync(store), ReadModelContentComparer.Instance),
            TimeSpan.FromSeconds(90));
        await Eventually.Holds(async () =>
        {
            var workers = (await cluster.Http.GetFromJsonAsync<JsonElement>("/projections")).GetProperty("workers").EnumerateArray().ToList();
            Assert.Equal(12, workers.Count);
            Assert.All(workers, worker => Assert.Equal("running", worker.GetProperty("state").GetString()));
        }, TimeSpan.FromSeconds(60));
        output.WriteLine($"journal: {journal.Count} events of {journal.Select(e => e.PersistenceId).Distinct().Count()} orders; read tables equal its fold");
    }
}
