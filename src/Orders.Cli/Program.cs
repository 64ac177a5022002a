using Orders.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C ends a --follow cleanly instead of killing the process.
    e.Cancel = true;
    stop.Cancel();
};

return await OrdersQuery.RunAsync(args, Console.Out, Console.Error, stop.Token);
