namespace Orders.Testing;

/// <summary>Retries an assertion until it holds or the time is up, for effects that arrive asynchronously.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task Holds(Func<Task> assertion, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25);
            }
        }
    }

    /// <summary>Waits until <paramref name="find"/> returns something; fails saying what <paramref name="describe"/> says when the time is up.</summary>
    public static Task<T> Returns<T>(Func<T?> find, TimeSpan? timeout = null, Func<string>? describe = null)
        where T : class =>
        ReturnsAsync(() => Task.FromResult(find()), timeout, describe);

    /// <summary>As <see cref="Returns{T}"/>, with a question that must be awaited (an HTTP request, a query).</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> find, TimeSpan? timeout = null, Func<string>? describe = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await find() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new Xunit.Sdk.XunitException($"{describe?.Invoke() ?? "the expected value"} did not appear within {timeout ?? DefaultTimeout}");
            }

            await Task.Delay(25);
        }
    }
}
