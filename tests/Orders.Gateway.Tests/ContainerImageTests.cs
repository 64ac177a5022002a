using System.Text.RegularExpressions;
using System.Xml.Linq;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// The service images (<c>src/Orders.Gateway/Dockerfile</c>, <c>src/Orders.Node/Dockerfile</c>; no Docker engine runs
/// here, so their structure is checked): packages are restored in a layer of their own from the project files alone —
/// every project the service references, however indirectly, or that restore fails —, the process runs as the
/// image's unprivileged user, and the image says how to check its health.
/// </summary>
public sealed class ContainerImageTests
{
    [Theory]
    [InlineData("Orders.Gateway")]
    [InlineData("Orders.Node")]
    public void Restore_has_a_cached_layer_of_its_own_and_the_service_runs_unprivileged_with_a_health_check(string project)
    {
        var root = ServiceProcess.RepositoryFolder;
        var lines = File.ReadAllLines(Path.Combine(root, "src", project, "Dockerfile")).Select(line => line.Trim()).ToList();
        var restore = lines.FindIndex(line => line.StartsWith($"RUN dotnet restore src/{project}/{project}.csproj", StringComparison.Ordinal));
        var sources = lines.FindIndex(line => line == "COPY src/ src/");
        Assert.True(restore >= 0, "no 'RUN dotnet restore' of the project");
        Assert.True(sources > restore, "the sources are copied before the restore: every change would restore again");
        Assert.Contains(lines, line => line.StartsWith("RUN dotnet publish", StringComparison.Ordinal) && line.Contains("--no-restore"));

        // Before the restore, only project files and the build's shared settings are copied: every project the service
        // depends on, and nothing else.
        var copiedBeforeRestore = lines.Take(restore).Where(line => line.StartsWith("COPY ", StringComparison.Ordinal))
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]).ToHashSet();
        Assert.Equal(
            References(root, project).Select(name => $"src/{name}/{name}.csproj").Concat(["global.json", "Directory.Build.props", "Directory.Packages.props"])
                .Order(StringComparer.Ordinal),
            copiedBeforeRestore.Order(StringComparer.Ordinal));

        // The final stage runs as the image's own unprivileged user and checks its health.
        var final = lines.FindLastIndex(line => line.StartsWith("FROM ", StringComparison.Ordinal));
        var runtime = lines.Skip(final).ToList();
        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains(runtime, line => line.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.True(runtime.FindIndex(line => line == "USER $APP_UID") < runtime.FindIndex(line => line.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
    }

    /// <summary>The project and every project it references, directly or not.</summary>
    private static IReadOnlyCollection<string> References(string root, string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var name))
        {
            if (!found.Add(name))
            {
                continue;
            }

            var file = XDocument.Load(Path.Combine(root, "src", name, $"{name}.csproj"));
            foreach (var reference in file.Descendants("ProjectReference").Select(element => (string?)element.Attribute("Include")))
            {
                pending.Push(Regex.Match(reference ?? "", @"([\w.]+)\.csproj$").Groups[1].Value);
            }
        }

        return found;
    }

    [Fact]
    public void The_one_settings_file_the_images_carry_has_no_list_an_environment_variable_could_half_override()
    {
        // .NET configuration merges a list by index: a file's [write, projection, gateway] with Roles__0=gateway from the
        // environment gives [gateway, projection, gateway]. So the settings file holds no list at all (lists come
        // whole from one source), and no project has a settings file of its own that publishing would add beside it.
        var root = ServiceProcess.RepositoryFolder;
        foreach (var project in new[] { "Orders.Gateway", "Orders.Node" })
        {
            var dockerfile = File.ReadAllText(Path.Combine(root, "src", project, "Dockerfile"));
            Assert.Equal(["COPY appsettings.json /app/appsettings.json"],
                Regex.Matches(dockerfile, @"^COPY .*appsettings.*$", RegexOptions.Multiline).Select(match => match.Value.Trim()));
        }

        var separator = Path.DirectorySeparatorChar;
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(root, "src"), "appsettings*.json", SearchOption.AllDirectories),
            file => !file.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !file.Contains($"{separator}obj{separator}", StringComparison.Ordinal));
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "appsettings.json")),
            new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        Assert.Empty(Lists(settings.RootElement, ""));
    }

    /// <summary>The paths of every list (JSON array) in a settings document.</summary>
    private static IEnumerable<string> Lists(System.Text.Json.JsonElement element, string path) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Array => [path],
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Lists(property.Value, $"{path}:{property.Name}")),
        _ => [],
    };
}
