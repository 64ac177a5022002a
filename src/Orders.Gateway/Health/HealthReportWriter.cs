using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orders.Gateway.Health;

/// <summary>Writes a health report as JSON: the overall status and, per check, its status and why.</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description ?? entry.Value.Exception?.Message }),
        });
}
