using Akka.Actor;
using Akka.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orders.Contracts.Diagnostics;

/// <summary>
/// The host's <see cref="ILogger"/> for an actor, so that its lines are structured like the rest of the host's
/// (Akka.Hosting registers the service provider with the actor system); a null logger in bare test systems.
/// </summary>
public static class ActorLoggers
{
    public static ILogger For<T>(ActorSystem system)
    {
        try
        {
            return (ILogger?)DependencyResolver.For(system).Resolver.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger.Instance;
        }
        catch (Exception)
        {
            return NullLogger.Instance;
        }
    }
}
