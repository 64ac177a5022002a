using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Projections.Hosting.Health;

namespace Orders.Node;

/// <summary>
/// The node's health, beside its metrics: <c>http://{MetricsHost}:{MetricsPort}/health/live</c> (200 while the
/// process answers), <c>/health/ready</c> (200 when this node is an Up cluster member, its journal answers and its own
/// projection workers have not failed or stalled; 503 with the reasons otherwise) and <c>/health/member</c> (the
/// membership and journal part alone: what start-up ordering waits for), as JSON in the gateway's format. Off without a metrics port. The listener answers requests addressed to <c>MetricsHost</c> only, like the metrics listener.
/// </summary>
public sealed class NodeHealthEndpoint(HealthCheckService health, IOptions<NodeSettings> node, ILogger<NodeHealthEndpoint> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (node.Value.MetricsPort is not { } port)
        {
            return;
        }

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://{node.Value.MetricsHost}:{port}/health/");
        listener.Start();
        log.LogInformation("Health at http://{Host}:{Port}/health/live and /health/ready", node.Value.MetricsHost, port);
        await using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            _ = AnswerAsync(context, stoppingToken);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath.TrimEnd('/');
            if (context.Request.HttpMethod is not ("GET" or "HEAD"))
            {
                response.StatusCode = (int)HttpStatusCode.MethodNotAllowed;
            }
            else if (path == "/health/live")
            {
                await WriteAsync(response, HttpStatusCode.OK, new { status = nameof(HealthStatus.Healthy) }, cancellationToken);
            }
            else if (path is "/health/ready" or "/health/member")
            {
                var tag = path == "/health/ready" ? ServiceHealth.ReadyTag : ServiceHealth.MemberTag;
                var report = await health.CheckHealthAsync(check => check.Tags.Contains(tag), cancellationToken);
                await WriteAsync(response, report.Status == HealthStatus.Healthy ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable,
                    ServiceHealth.Describe(report), cancellationToken);
            }
            else
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            log.LogDebug("Health request not answered: {Error}", error.Message);
            response.StatusCode = (int)HttpStatusCode.InternalServerError;
        }
        finally
        {
            response.Close();
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, object body, CancellationToken cancellationToken)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.OutputStream, body, JsonSerializerOptions.Web, cancellationToken);
    }
}
