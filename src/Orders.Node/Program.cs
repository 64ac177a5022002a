using Microsoft.Extensions.Hosting;
using Orders.Node;

// SIGTERM (or Ctrl+C) stops the host, which runs Akka's coordinated shutdown: the node leaves the cluster
// gracefully, its shards and projection workers move to the remaining nodes, then the process exits.
var builder = Host.CreateApplicationBuilder(args);
builder.AddOrdersNode();
builder.Build().Run();
