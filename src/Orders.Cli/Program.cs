using Orders.Cli;

return await OrdersQuery.RunAsync(args, Console.Out, Console.Error);
