using Orders.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddOrdersGateway();

var app = builder.Build();
app.MapOrdersGateway();
app.Run();

/// <summary>Entry point; public so that tests can host the gateway with WebApplicationFactory.</summary>
public partial class Program;
