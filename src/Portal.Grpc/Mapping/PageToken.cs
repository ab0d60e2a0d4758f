using System.Buffers.Text;
using System.Text;

namespace Portal.Grpc.Mapping;

/// <summary>
/// The opaque page tokens of the List methods: base64url of a text only the service that made it reads, so that what is
/// inside may change without a contract change (the change feed's cursor is <see cref="FeedCursor"/>).
/// </summary>
public static class PageToken
{
    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    /// <summary>The text inside, after <paramref name="prefix"/>; null when the token is not one that <see cref="Encode"/> made with it.</summary>
    public static string? Decode(string token, string prefix)
    {
        if (token.Length is 0 or > 200 || !Base64Url.IsValid(token))
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;
    }
}
