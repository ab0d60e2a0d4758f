using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Portal.Data.Database;

/// <summary>The one parameter that <see cref="Dialect.JsonRows"/> reads: a JSON array with an object per row.</summary>
public static class JsonRows
{
    /// <summary>
    /// Only a database reads these rows, never a browser, so only what JSON itself requires is escaped: a quote in a
    /// value is \" rather than \u0022. A trail row's before and after, and a snapshot's metrics, are JSON held as text,
    /// full of quotes, each of which took six characters instead of two to write and for the database to parse.
    /// </summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of<T>(IEnumerable<T> rows, Action<Utf8JsonWriter, T> writeRow)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
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
