using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Orders.Contracts.Configuration;
using Orders.Testing;

namespace Orders.Contracts.Tests;

/// <summary>
/// <c>Orders:Cluster:Tls</c> makes Akka.Remote speak TLS: nodes with it form a cluster (their addresses become
/// <c>akka.ssl.tcp://</c>), a node without it cannot join them, and a setting that cannot work is refused up front.
/// </summary>
public sealed class RemoteTlsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orders-tls-").FullName;
    private readonly List<ActorSystem> _systems = [];

    [Fact]
    public async Task Nodes_with_tls_form_a_cluster_and_a_node_without_it_cannot_join()
    {
        var tls = new RemoteTlsSettings
        {
            Enabled = true, CertificatePath = SelfSignedCertificate("node.pfx", "s3cret"), CertificatePassword = "s3cret",
            // A self-signed test certificate chains to nothing: the handshake is encrypted but the peer is not checked.
            SuppressValidation = true,
        };
        var seedPort = ServiceProcess.FreePort();
        var seed = $"akka.ssl.tcp://orders@127.0.0.1:{seedPort}";
        var first = Node(seedPort, seed, tls);
        var second = Node(ServiceProcess.FreePort(), seed, tls);
        Assert.Equal("akka.ssl.tcp", Akka.Cluster.Cluster.Get(first).SelfAddress.Protocol);

        await Eventually.Holds(() =>
        {
            Assert.Equal(2, Akka.Cluster.Cluster.Get(first).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up));
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(30));

        // A plain node dialling the TLS seed never becomes a member, whichever scheme it dials by.
        var plain = new[] { "akka.tcp", "akka.ssl.tcp" }
            .Select(scheme => Node(ServiceProcess.FreePort(), $"{scheme}://orders@127.0.0.1:{seedPort}", new RemoteTlsSettings()))
            .ToList();
        // Each plain node keeps retrying its join: give them more than one seed-node timeout, read from their settings.
        await Task.Delay(plain.Max(node => Akka.Cluster.Cluster.Get(node).Settings.SeedNodeTimeout) + TimeSpan.FromSeconds(1));
        Assert.Equal(2, Akka.Cluster.Cluster.Get(first).State.Members.Count);
        Assert.All(plain, node => Assert.DoesNotContain(Akka.Cluster.Cluster.Get(node).State.Members, m => m.Status == Akka.Cluster.MemberStatus.Up));
    }

    [Fact]
    public void A_tls_setting_that_cannot_work_is_refused_with_what_is_wrong()
    {
        Assert.Contains("Orders:Cluster:Tls:Enabled is true but Orders:Cluster:Tls:CertificatePath is empty", Problem(new RemoteTlsSettings { Enabled = true }));
        Assert.Contains("does not exist", Problem(new RemoteTlsSettings { Enabled = true, CertificatePath = Path.Combine(_folder, "missing.pfx") }));
        var path = SelfSignedCertificate("wrong.pfx", "right");
        Assert.Contains("could not be read with the given password",
            Problem(new RemoteTlsSettings { Enabled = true, CertificatePath = path, CertificatePassword = "wrong" }));
        Assert.Null(Problem(new RemoteTlsSettings { Enabled = true, CertificatePath = path, CertificatePassword = "right" }));
        Assert.Null(Problem(new RemoteTlsSettings()));

        Assert.Equal("akka.remote.dot-netty.tcp.enable-ssl = false", new RemoteTlsSettings().ToHocon());
        var on = ConfigurationFactory.ParseString(new RemoteTlsSettings { Enabled = true, CertificatePath = path, CertificatePassword = "right" }.ToHocon());
        Assert.True(on.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal(path, on.GetString("akka.remote.dot-netty.tcp.ssl.certificate.path"));
        Assert.False(on.GetBoolean("akka.remote.dot-netty.tcp.ssl.suppress-validation"));
        Assert.True(on.GetBoolean("akka.remote.dot-netty.tcp.ssl.require-mutual-authentication"));
    }

    private static string? Problem(RemoteTlsSettings tls) =>
        OrdersSettingsValidation.Problems(new OrdersSettings { Cluster = { Tls = tls } }).SingleOrDefault();

    private ActorSystem Node(int port, string seed, RemoteTlsSettings tls)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = {{port}}
            akka.cluster.seed-nodes = ["{{seed}}"]
            akka.loglevel = WARNING
            """).WithFallback(ConfigurationFactory.ParseString(tls.ToHocon()));
        var system = ActorSystem.Create("orders", config);
        _systems.Add(system);
        return system;
    }

    private string SelfSignedCertificate(string name, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=orders-node", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    public void Dispose()
    {
        Task.WaitAll(_systems.Select(system => system.Terminate()).ToArray(), TimeSpan.FromSeconds(20));
        Directory.Delete(_folder, recursive: true);
    }
}
