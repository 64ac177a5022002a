using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Projections.Hosting;
using Orders.Projections.Hosting.Health;
using OpenTelemetry.Metrics;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.WriteSide.Hosting;

namespace Orders.Node;

/// <summary>
/// How a headless node is put together: the same configuration and Akka.Hosting composition as the gateway,
/// without the API (its only HTTP: metrics and health on the metrics listener). Its roles come from <c>Orders:Cluster:Roles</c>; none configured means <c>write</c> and <c>projection</c>.
/// </summary>
public static class NodeComposition
{
    public static readonly string[] DefaultRoles = [ClusterSettings.WriteRole, ClusterSettings.ProjectionRole];

    public static HostApplicationBuilder AddOrdersNode(this HostApplicationBuilder builder)
    {
        builder.Configuration.AddRepositorySettings(builder.Environment.ContentRootPath);
        var services = builder.Services;
        OrdersSettingsValidation.Register(services, builder.Configuration)
            .PostConfigure(settings =>
            {
                if (settings.Cluster.Roles.Length == 0)
                {
                    settings.Cluster.Roles = DefaultRoles;
                }
            });
        // Bound here, once, because it decides what the host is made of (a metrics listener or none).
        var node = builder.Configuration.GetSection(NodeSettings.SectionName).Get<NodeSettings>() ?? new NodeSettings();
        if (new NodeSettingsValidation().Validate(null, node) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(NodeSettings.SectionName, typeof(NodeSettings), invalid.Failures);
        }

        services.AddSingleton(Options.Create(node));
        services.AddSingleton(TimeProvider.System);
        services.AddOrdersDatabase();

        services.AddReadSchemaStartup();
        services.AddAkka(OrdersClusterHostingExtensions.ActorSystemName, (akka, sp) =>
        {
            var settings = sp.GetRequiredService<IOptions<OrdersSettings>>().Value;
            akka.AddOrdersCluster(settings, sp.GetRequiredService<OrdersDatabase>())
                .AddOrdersProjections(settings, sp.GetRequiredService<ReadModelStore>(), sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ReadSchemaStartup>().Ready);
        });

        // Metrics for Prometheus at http://{Orders:Node:MetricsHost}:{Orders:Node:MetricsPort}/metrics; off without a port.
        // The listener answers requests for that host name only (a container sets its own name, e.g. node1).
        var telemetry = services.AddOrdersTelemetry(builder.Configuration, "orders-node", [ProjectionMetrics.MeterName]);
        if (node.MetricsPort is { } port)
        {
            telemetry.WithMetrics(metrics => metrics.AddPrometheusHttpListener(options =>
            {
                options.Host = node.MetricsHost;
                options.Port = port;
            }));
        }

        // Health at http://{MetricsHost}:{MetricsPort}/health/live and /health/ready: an Up member whose journal answers,
        // and whose own projection workers have not failed or stalled (the cluster-wide view is the gateway's and the alerts').
        services.AddServiceHealthChecks(_ => ServiceHealthSettings.Default, ProjectionHealthScope.ThisNode);
        services.AddHostedService<NodeHealthEndpoint>();

        // Leaving the cluster hands the node's shards and projection workers to the others; give it time.
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }
}
