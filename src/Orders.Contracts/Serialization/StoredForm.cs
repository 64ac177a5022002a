namespace Orders.Contracts.Serialization;

/// <summary>
/// How to read one stored manifest: the contract type its JSON is read as, and the upcaster that turns that into
/// today's domain type (the identity for current manifests).
/// </summary>
public sealed record StoredForm(Type ContractType, Func<object, object> Upcast)
{
    public static StoredForm Current(Type type) => new(type, stored => stored);

    public static StoredForm Upcasting<TContract>(Func<TContract, object> upcast) =>
        new(typeof(TContract), stored => upcast((TContract)stored));
}
