namespace Orders.Contracts.Configuration;

/// <summary>
/// <c>Orders:Cluster:Tls</c>: TLS between nodes (Akka.Remote over DotNetty). Off by default, which suits the
/// embedded single node bound to loopback; turn it on whenever nodes talk over a network. Every node of a cluster
/// needs the same setting: a node without TLS cannot join a cluster with it, and the other way round.
/// </summary>
public sealed class RemoteTlsSettings
{
    public bool Enabled { get; set; }

    /// <summary>A PKCS#12 file (.pfx) with the node's certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The file's password. A secret: give it by environment (<c>Orders__Cluster__Tls__CertificatePassword</c>) or user secrets.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Both sides present certificates (mutual TLS). Default: true.</summary>
    public bool RequireMutualAuthentication { get; set; } = true;

    /// <summary>Check that the peer certificate's name matches the host dialled. Default: false (per-node certificates, IP seeds).</summary>
    public bool ValidateCertificateHostname { get; set; }

    /// <summary>
    /// Accept any peer certificate (no chain check): traffic is still encrypted, but not authenticated. For a
    /// self-signed development certificate only; refused unless stated explicitly. Default: false.
    /// </summary>
    public bool SuppressValidation { get; set; }

    /// <summary>
    /// The HOCON for these settings. Whether the certificate can be read is checked at start by
    /// <see cref="OrdersSettingsValidation"/>; this class does no I/O.
    /// </summary>
    public string ToHocon()
    {
        if (!Enabled)
        {
            return "akka.remote.dot-netty.tcp.enable-ssl = false";
        }

        return $$"""
            akka.remote.dot-netty.tcp {
              enable-ssl = true
              ssl {
                certificate {
                  path = {{Quote(CertificatePath ?? "")}}
                  password = {{Quote(CertificatePassword ?? "")}}
                  use-thumbprint-over-file = false
                }
                suppress-validation = {{(SuppressValidation ? "true" : "false")}}
                require-mutual-authentication = {{(RequireMutualAuthentication ? "true" : "false")}}
                validate-certificate-hostname = {{(ValidateCertificateHostname ? "true" : "false")}}
              }
            }
            """;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
