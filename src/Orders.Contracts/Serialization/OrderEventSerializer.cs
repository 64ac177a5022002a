using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Orders.Contracts.Serialization;

/// <summary>
/// Writes order events and snapshots as System.Text.Json documents under the stable manifests of
/// <see cref="EventManifests"/>, and reads every manifest ever written, upcasting older versions to today's types.
/// No CLR type name ever reaches the database.
/// </summary>
public sealed class OrderEventSerializer : SerializerWithStringManifest
{
    /// <summary>Akka serializer id; stored beside every payload, so it never changes.</summary>
    public const int SerializerId = 4711;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        // Derived values (an order's total, a line's total) are recomputed on read, never stored.
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new AppliedCommandsJsonConverter() },
    };

    public OrderEventSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        EventManifests.Current.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().Name} has no stored manifest", nameof(o));

    public override byte[] ToBinary(object obj)
    {
        _ = Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), JsonOptions);
    }

    public override object FromBinary(byte[] bytes, string manifest) => Deserialize(bytes, manifest);

    /// <summary>Reads a stored payload without an actor system (tools, tests).</summary>
    public static object Deserialize(ReadOnlySpan<byte> bytes, string manifest)
    {
        if (!EventManifests.Readable.TryGetValue(manifest, out var form))
        {
            throw new SerializationException($"Unknown manifest '{manifest}': this code cannot read it");
        }

        var stored = JsonSerializer.Deserialize(bytes, form.ContractType, JsonOptions)
                     ?? throw new SerializationException($"A '{manifest}' payload is empty");
        return form.Upcast(stored);
    }
}
