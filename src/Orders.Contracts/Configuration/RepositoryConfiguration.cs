using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Orders.Contracts.Configuration;

/// <summary>
/// Every host reads the <c>appsettings.json</c> at the repository root. When a host starts elsewhere (its
/// project folder, a test runner's folder) that file is found by walking up to the folder holding
/// <c>Orders.sln</c>. It goes first, so that a local appsettings.json and environment variables override it.
/// </summary>
public static class RepositoryConfiguration
{
    public const string FileName = "appsettings.json";

    public static IConfigurationBuilder AddRepositorySettings(this IConfigurationBuilder configuration, string contentRoot)
    {
        if (File.Exists(Path.Combine(contentRoot, FileName)) || FindRepositoryRoot(contentRoot) is not { } root)
        {
            return configuration;
        }

        var source = new JsonConfigurationSource
        {
            Path = FileName,
            Optional = false,
            FileProvider = new PhysicalFileProvider(root),
        };
        configuration.Sources.Insert(0, source);
        return configuration;
    }

    public static string? FindRepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orders.sln")) && File.Exists(Path.Combine(folder.FullName, FileName)))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
