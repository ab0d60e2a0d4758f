using System.Text;

namespace Portal.Grpc.Errors;

/// <summary>
/// The one field-path convention of every BadRequest violation: proto field names, snake_case, with indexes
/// (<c>deliveries[3].lines[0].quantity</c>). The data layer names fields after its records (<c>DeliveryExternalId</c>);
/// this turns each segment into the proto field of the same name, and leaves a path that is already proto as it is.
/// </summary>
public static class ProtoFieldPaths
{
    public static string From(string field)
    {
        var path = new StringBuilder(field.Length + 8);
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (char.IsAsciiLetterUpper(c))
            {
                // A capital starts a word unless it begins a segment or follows another capital of the same acronym.
                var startsSegment = i == 0 || field[i - 1] is '.' or ']' or '[';
                var inAcronym = i > 0 && char.IsAsciiLetterUpper(field[i - 1]) && (i + 1 == field.Length || !char.IsAsciiLetterLower(field[i + 1]));
                if (!startsSegment && !inAcronym)
                {
                    path.Append('_');
                }
                path.Append(char.ToLowerInvariant(c));
            }
            else
            {
                path.Append(c);
            }
        }
        return path.ToString();
    }
}
