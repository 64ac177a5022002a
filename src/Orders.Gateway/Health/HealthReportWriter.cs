using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Projections.Hosting.Health;

namespace Orders.Gateway.Health;

/// <summary>Writes a health report as JSON: the overall status and, per check, its status and why.</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report) => context.Response.WriteAsJsonAsync(ServiceHealth.Describe(report));
}
