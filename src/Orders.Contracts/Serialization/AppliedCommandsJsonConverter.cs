using System.Text.Json;
using System.Text.Json.Serialization;
using Orders.Domain;

namespace Orders.Contracts.Serialization;

/// <summary>Stores an order's recent command ids in a snapshot as <c>[["id", version], …]</c>, oldest first.</summary>
internal sealed class AppliedCommandsJsonConverter : JsonConverter<AppliedCommands>
{
    public override AppliedCommands Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var entries = new List<KeyValuePair<string, long>>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("applied commands must be an array");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray || !reader.Read())
            {
                throw new JsonException("an applied command must be [id, version]");
            }

            var id = reader.GetString() ?? throw new JsonException("an applied command id is null");
            reader.Read();
            var version = reader.GetInt64();
            reader.Read();
            entries.Add(new KeyValuePair<string, long>(id, version));
        }

        return AppliedCommands.From(entries);
    }

    public override void Write(Utf8JsonWriter writer, AppliedCommands value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var (id, version) in value.Entries)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(id);
            writer.WriteNumberValue(version);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }
}
