using Orders.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the command cleanly (exit 130: see ExitCodes.Cancelled); a second one ends the process at once.
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

// Tables and progress bars are drawn where standard output or error is a terminal; redirected, they are plain text.
return await OrdersQuery.RunAsync(args, Console.Out, Console.Error, stop.Token, Terminal.ForConsole());
