namespace Orders.Testing;

/// <summary>A test that starts databases, hosts or processes of its own and disposes them, last first.</summary>
public abstract class TestWithResources : IDisposable
{
    private readonly List<IDisposable> _resources = [];

    public void Dispose()
    {
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            resource.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected T Track<T>(T resource)
        where T : IDisposable
    {
        _resources.Add(resource);
        return resource;
    }
}
