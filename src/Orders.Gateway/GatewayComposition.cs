using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.Contracts.Configuration;
using Orders.Contracts.Database;
using Orders.Gateway.Api;
using Orders.Gateway.Commands;
using Orders.Gateway.Configuration;
using Orders.Gateway.Health;
using Orders.Gateway.Observability;
using Orders.Gateway.OperatorConsole;
using Orders.Gateway.Security;
using Orders.Projections.CustomerOrders;
using Orders.Projections.History;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orders.Projections.Hosting;
using Orders.Projections.Hosting.Health;
using Orders.Projections.OrderSummary;
using Orders.Projections.Rebuild;
using Orders.Projections.Runtime;
using Orders.Projections.Storage;
using Orders.WriteSide.Hosting;

namespace Orders.Gateway;

/// <summary>How the gateway host is put together: configuration, the actor system, the API.</summary>
public static class GatewayComposition
{
    public static WebApplicationBuilder AddOrdersGateway(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddRepositorySettings(builder.Environment.ContentRootPath);
        ListenByDefault(builder);
        var services = builder.Services;
        OrdersSettingsValidation.Register(services, builder.Configuration);
        services.AddSingleton<IValidateOptions<GatewaySettings>, GatewaySettingsValidation>();
        services.AddOptions<GatewaySettings>().Bind(builder.Configuration.GetSection(GatewaySettings.SectionName)).ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddOrdersDatabase();
        services.AddSingleton<OrderSummaryReader>();
        services.AddSingleton<CustomerOrdersReader>();
        services.AddSingleton(sp => new OrderHistory(sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<JournalTables>()));
        services.AddServiceHealthChecks(sp =>
        {
            var gateway = sp.GetRequiredService<IOptions<GatewaySettings>>().Value;
            return new ServiceHealthSettings(gateway.ReadinessTimeout, gateway.ProjectionStallAfter);
        }, ProjectionHealthScope.Cluster);
        services.AddSingleton(sp => ProjectionDependencies.Create(
            sp.GetRequiredService<IOptions<OrdersSettings>>().Value, sp.GetRequiredService<ReadModelStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ProjectionRebuilder>();
        services.AddSingleton(sp => new ProjectionRequests(sp.GetRequiredService<ProjectionStatusStore>(), sp.GetRequiredService<ActorSystem>()));
        services.AddSingleton(sp => new ProjectionCatalog(
            OrdersProjectionsHostingExtensions.All(sp.GetRequiredService<ReadModelStore>().Sql).Select(p => p.Name).ToList(),
            sp.GetRequiredService<IOptions<OrdersSettings>>().Value.Projections.Slices));
        services.AddSingleton<OrderAccess>();
        // The command path, step by step (CommandPipeline): one instance of each, so the in-flight bound is per gateway.
        services.AddSingleton<MetadataStep>();
        services.AddSingleton<ValidationStep>();
        services.AddSingleton<AuthorizationStep>();
        services.AddSingleton<BackPressureStep>();
        services.AddSingleton<SendStep>();
        services.AddSingleton<AnswerStep>();
        services.AddSingleton<CommandPipeline>();
        services.AddGatewayAuthentication(builder.Configuration);

        // Configuration is read inside the callback so that hosts and tests that override it are honoured.
        // Every gateway makes sure the read tables exist (a gateway-only one reads what projection nodes write), and
        // keeps trying while their database is down: not ready meanwhile, rather than a host that does not start.
        services.AddReadSchemaStartup();
        services.AddAkka(OrdersClusterHostingExtensions.ActorSystemName, (akka, sp) =>
        {
            var settings = sp.GetRequiredService<IOptions<OrdersSettings>>().Value;
            akka.AddOrdersCluster(settings, sp.GetRequiredService<OrdersDatabase>())
                .AddOrdersProjections(settings, sp.GetRequiredService<ReadModelStore>(), sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ReadSchemaStartup>().Ready);
        });

        // Binding failures (malformed JSON, a number too large for its field) reach the exception handler,
        // which answers problem details saying what was wrong.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Title = "The request is invalid";
                context.ProblemDetails.Detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
                context.ProblemDetails.Extensions["code"] = bad.StatusCode == StatusCodes.Status400BadRequest ? "validation" : "bad-request";
            }
        });
        services.AddClientRateLimit();
        services.AddSingleton<ProjectionLagMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionLagMetrics>());
        services.AddOrdersTelemetry(builder.Configuration, "orders-gateway", [ProjectionMetrics.MeterName, ProjectionLagMetrics.MeterName],
                tracing => tracing.AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics")))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        services.AddOperatorConsole();
        services.AddOpenApi(options => options.AddBearerScheme().DescribeDevelopmentTokens());
        return builder;
    }

    /// <summary>Where the API listens when nothing else says so: <c>dotnet run</c> serves the README's address.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// The usual ASP.NET Core settings decide where the gateway listens: <c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> (set by .NET's container images), <c>Urls</c> in a settings
    /// file, or Kestrel endpoints. Only when none of them is given does it listen on <see cref="DefaultUrl"/>.
    /// </summary>
    private static void ListenByDefault(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        List<string> problems = [];
        foreach (var url in Entries(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"ASPNETCORE_URLS (or --urls, Urls): '{url}' is not an address such as {DefaultUrl}");
            }
        }

        foreach (var (key, variable) in new[] { (WebHostDefaults.HttpPortsKey, "ASPNETCORE_HTTP_PORTS"), (WebHostDefaults.HttpsPortsKey, "ASPNETCORE_HTTPS_PORTS") })
        {
            foreach (var port in Entries(configuration[key]).Where(port => !(int.TryParse(port, out var number) && number is > 0 and <= 65535)))
            {
                problems.Add($"{variable}: '{port}' is not a port (1-65535)");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        string[] keys = [WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey];
        if (keys.All(key => string.IsNullOrWhiteSpace(configuration[key])) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        static string[] Entries(string? list) =>
            list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
    }

    public static WebApplication MapOrdersGateway(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = error => error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseConsoleHeaders();
        // Authentication first, so that the rate limiter can count a client by its token's subject.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<RequestBodyLimit>();

        app.MapOpenApi().AllowAnonymous();
        app.MapApiReference();
        app.MapDevelopmentTokenEndpoint();
        app.MapOrderEndpoints();
        app.MapHistoryEndpoints();
        app.MapCustomerEndpoints();
        app.MapProjectionEndpoints();
        app.MapOperatorConsole();
        // Prometheus text format: anonymous like the health checks, unless Orders:Gateway:Auth:MetricsRequireAdmin.
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics").DisableRateLimiting();
        if (app.Services.GetRequiredService<IOptions<AuthSettings>>().Value.MetricsRequireAdmin)
        {
            metrics.RequireAuthorization(OrdersScopes.Admin);
        }
        else
        {
            metrics.AllowAnonymous();
        }

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ServiceHealth.ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous();
        return app;
    }
}
