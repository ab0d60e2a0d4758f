using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Portal.Data.Database;

/// <summary>The one parameter that <see cref="Dialect.JsonRows"/> reads: a JSON array with an object per row.</summary>
public static class JsonRows
{
    public static string Of<T>(IEnumerable<T> rows, Action<Utf8JsonWriter, T> writeRow)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                writeRow(json, row);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A date as both databases read it from text: YYYY-MM-DD.</summary>
    public static void WriteDate(this Utf8JsonWriter json, string name, DateOnly value)
    {
        Span<char> text = stackalloc char[10];
        value.TryFormat(text, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        json.WriteString(name, text[..written]);
    }
}
