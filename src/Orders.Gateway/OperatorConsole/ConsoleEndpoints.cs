using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orders.Contracts.Configuration;
using Orders.Contracts.Serialization;
using Orders.Domain;
using Orders.Gateway.Api;
using Orders.Gateway.Observability;
using Orders.Gateway.Security;
using Orders.Projections.History;
using Orders.Projections.OrderSummary;
using Orders.Projections.Rebuild;
using Orders.Projections.Runtime;
using Orders.Projections.Schema;
using Orders.WriteSide.Diagnostics;

namespace Orders.Gateway.OperatorConsole;

/// <summary>
/// The operator console at <c>/console</c>. A browser cannot send a bearer token when it navigates, so the console is a
/// shell page (<see cref="Shell"/>: no data, the same for everyone) whose script fetches each page's content from
/// <c>/console/fragments/…</c> with the token kept in session storage. The fragments are HTML rendered here by Razor
/// components (every value encoded), behind <c>orders:admin</c> like the API's operator endpoints, and answered
/// 401/403 exactly as the API answers. Buttons that change anything post to the API's own endpoints
/// (<c>POST /projections/…</c>) with the token in a header: no cookie, so no other site can forge them, and no GET
/// ever writes.
/// </summary>
public static partial class ConsoleEndpoints
{
    public const string Path = "/console";
    public const string FragmentsPath = "/console/fragments";

    /// <summary>Scripts and styles from this origin only, no inline script or style, not framed, forms post here only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public const int CustomerPageSize = 20;

    public static IServiceCollection AddOperatorConsole(this IServiceCollection services)
    {
        services.AddRazorComponents();
        return services;
    }

    /// <summary>
    /// Security headers on everything under <c>/console</c>, including its 401, 403 and 500 answers: set as the
    /// response starts, after the exception handler (which clears the headers of a failed response) has run.
    /// </summary>
    public static IApplicationBuilder UseConsoleHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(Path))
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
        }

        return next(context);
    });

    public static IEndpointRouteBuilder MapOperatorConsole(this IEndpointRouteBuilder app)
    {
        // The shell and its two files: public, as any sign-in page is; they hold no data.
        app.MapGet(Path, ShellPage).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(Path + "/{**page}", ShellPage).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(Path + "/assets/console.js", () => Asset("console.js", "text/javascript")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(Path + "/assets/console.css", () => Asset("console.css", "text/css")).AllowAnonymous().ExcludeFromDescription();

        var fragments = app.MapGroup(FragmentsPath).RequireAuthorization(OrdersScopes.Admin).ExcludeFromDescription();
        fragments.MapGet("/orders", OrdersFragment);
        fragments.MapGet("/orders/{orderId}", OrderFragment);
        fragments.MapGet("/projections", ProjectionsFragment);
        fragments.MapGet("/cluster", ClusterFragment);
        // Any other fragment: 404 to a caller the group admits (not the anonymous shell, which /console/{**page} would serve).
        fragments.MapGet("/{**unknown}", (string? unknown) => Problems.NotFound($"the console has no page '{unknown}'"));
        return app;
    }

    private static RazorComponentResult<Shell> ShellPage(IServiceProvider services) =>
        new(new { DevelopmentTokens = DevelopmentTokenEndpoint.IsOn(services) });

    private static IResult Asset(string name, string contentType)
    {
        var stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream($"OperatorConsole.{name}")
                     ?? throw new InvalidOperationException($"the console's {name} is not embedded in the gateway");
        return Results.Stream(stream, contentType + "; charset=utf-8");
    }

    /// <summary>Find an order by id, or list a customer's orders newest first (keyset paging: <paramref name="before"/>).</summary>
    private static async Task<IResult> OrdersFragment(string? id, string? customer, string? before, OrderSummaryReader reader, CancellationToken ct)
    {
        var model = new OrdersModel(id, customer);
        if (!string.IsNullOrEmpty(id))
        {
            if (!OrderCommandValidator.IsValidOrderId(id))
            {
                return Page<OrdersPage>(model with { Problem = "Not a valid order id: letters, digits or '-_.:', starting with a letter or digit." }, 400);
            }

            var found = await reader.FindSummaryAsync(id, ct);
            return Page<OrdersPage>(model with { Found = found, Searched = true }, found is null ? 404 : 200);
        }

        if (!string.IsNullOrEmpty(customer))
        {
            if (OrderCommandValidator.CustomerIdProblem(customer) is { } problem)
            {
                return Page<OrdersPage>(model with { Problem = problem }, 400);
            }

            if (before is not null && (!OrderCommandValidator.IsValidOrderId(before)
                                       || (await reader.FindSummaryAsync(before, ct))?.CustomerId != customer))
            {
                return Page<OrdersPage>(model with { Problem = $"before must be an order of customer '{customer}' (the last one of the previous page)" }, 400);
            }

            // One more than a page tells whether an older page exists.
            var rows = await reader.CustomerPageAsync(customer, before, CustomerPageSize + 1, ct);
            return Page<OrdersPage>(model with
            {
                Before = before,
                CustomerOrders = rows.Take(CustomerPageSize).ToList(),
                OlderFrom = rows.Count > CustomerPageSize ? rows[CustomerPageSize - 1].OrderId : null,
            }, 200);
        }

        return Page<OrdersPage>(model, 200);
    }

    /// <summary>An order's stream from the journal, its state at a version or time, and its read row against the journal.</summary>
    private static async Task<IResult> OrderFragment(
        string orderId, long? version, string? at, OrderHistory history, OrderSummaryReader reader, CancellationToken ct)
    {
        if (!OrderCommandValidator.IsValidOrderId(orderId))
        {
            return Page<OrderPage>(new OrderModel(orderId) { Problem = "Not a valid order id." }, 400);
        }

        var events = await history.ReadStoredAsync(orderId, cancellationToken: ct);
        var model = new OrderModel(orderId)
        {
            Events = events.Select(e => e.Envelope is { Event: IOrderEvent read }
                ? new EventRow(e.SequenceNr, read.Timestamp, read.GetType().Name, e.StoredManifest, e.Upcast ? e.CurrentManifest : null, Json(read))
                : new EventRow(e.SequenceNr, null, null, e.StoredManifest, null, null) { Unreadable = e.Unreadable }).ToList(),
            ReadRow = await reader.FindSummaryAsync(orderId, ct),
            At = at,
        };
        if (events.Count == 0)
        {
            return Page<OrderPage>(model with { Problem = $"Order '{orderId}' has no events." }, 404);
        }

        DateTimeOffset? until = null;
        if (!string.IsNullOrWhiteSpace(at))
        {
            if (!OrderHistory.TryParseTime(at, out var parsed))
            {
                return Page<OrderPage>(model with { Problem = $"The time must be {OrderHistory.TimeExample}." }, 400);
            }

            until = parsed;
        }

        if (version is { } wanted && (wanted < 1 || wanted > events.Count))
        {
            return Page<OrderPage>(model with { Problem = $"The version must be between 1 and {events.Count}." }, 400);
        }

        if (events.FirstOrDefault(e => e.Unreadable is not null) is { } poison)
        {
            return Page<OrderPage>(model with
            {
                Version = version,
                StateMissing = $"The state cannot be computed: event {poison.SequenceNr} cannot be read ({poison.Unreadable}).",
            }, 200);
        }

        // Without a bound the state is the order's current one: the slider starts at the last version.
        var past = OrderHistory.StateAt(orderId, events.Select(e => (IOrderEvent)e.Envelope!.Event).ToList(), until,
            until is null ? version ?? events.Count : version);
        return Page<OrderPage>(model with
        {
            Version = version ?? (until is null ? events.Count : null),
            State = past.State,
            StateJson = past.State is null ? null : Json(past.State),
            StateMissing = past.Missing,
        }, 200);
    }

    private static async Task<IResult> ProjectionsFragment(
        ProjectionStatusReport report, ProjectionLagMetrics lag, ProjectionRebuilder rebuilder, ProjectionCatalog catalog,
        IOptions<OrdersSettings> settings, TimeProvider clock, CancellationToken ct)
    {
        var workers = await report.ReadAsync(ct);
        return Page<ProjectionsPage>(new ProjectionsModel(
            catalog.Names,
            workers,
            lag.History,
            rebuilder.Finished.ToDictionary(outcome => outcome.Projection),
            rebuilder.Applied,
            ReadTables.ShadowSuffix,
            clock.GetUtcNow(),
            ProjectionStatusRow.LiveWithin(settings.Value.Projections.BacktrackingInterval)), 200);
    }

    private static IResult ClusterFragment(ActorSystem system, ShardDistribution distribution)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members
            .Select(member => new MemberRow(
                member.Address.ToString(),
                member.Roles.Order(StringComparer.Ordinal).ToList(),
                member.Status.ToString(),
                state.Unreachable.Contains(member),
                member.Address == cluster.SelfAddress,
                member.Address == state.Leader))
            .ToList();
        var shards = distribution.Latest.Select(node => new ShardRow(node.Key, node.Value.Shards, node.Value.Entities))
            .OrderBy(row => row.Node, StringComparer.Ordinal).ToList();
        return Page<ClusterPage>(new ClusterModel(members, shards, ShardDistribution.Interval), 200);
    }

    private static readonly JsonSerializerOptions IndentedJson = new(OrderEventSerializer.JsonOptions)
    {
        WriteIndented = true,
        // The page encodes the text (Razor), so the JSON need not: it shows what is stored, as it is.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Indented JSON with characters as they are, even those beyond the BMP (which every encoder escapes).</summary>
    public static string Json(object value) =>
        EscapedPair().Replace(JsonSerializer.Serialize(value, value.GetType(), IndentedJson), pair =>
            char.ConvertFromUtf32(char.ConvertToUtf32(
                (char)Convert.ToInt32(pair.Groups[1].Value, 16), (char)Convert.ToInt32(pair.Groups[2].Value, 16))));

    /// <summary>An escaped surrogate pair (<c>\uD83E\uDDE8</c>) whose backslash is not itself escaped.</summary>
    [GeneratedRegex(@"(?<=(?:^|[^\\])(?:\\\\)*)\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex EscapedPair();

    private static IResult Page<TPage>(object model, int status)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<TPage>(new { Model = model }) { StatusCode = status };
}
