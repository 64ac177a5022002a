using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Orders.Contracts.Serialization;

/// <summary>
/// Serializes the messages that cross between nodes (<see cref="ProtocolManifests"/>) as System.Text.Json under
/// stable manifests: no CLR type name goes over the wire, and a message no node knows fails loudly.
/// </summary>
public sealed class OrderProtocolSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4712;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        ProtocolManifests.Of(o) ?? throw new ArgumentException($"{o.GetType().Name} is not a message between order nodes", nameof(o));

    public override byte[] ToBinary(object obj)
    {
        _ = Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), OrderEventSerializer.JsonOptions);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        ProtocolManifests.Readable.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, OrderEventSerializer.JsonOptions)
              ?? throw new SerializationException($"A '{manifest}' message is empty")
            : throw new SerializationException($"Unknown message manifest '{manifest}': a node of another release?");
}
