using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Portal.Grpc.Mapping;

/// <summary>
/// The opaque cursor of the change feed: base64url of "v1:&lt;partnership&gt;:&lt;position&gt;". Clients must not build
/// one; the version prefix lets the format change while old cursors are still recognised.
/// </summary>
public static class FeedCursor
{
    private const string Version = "v1";

    public static string Encode(long partnershipId, long position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}:{partnershipId}:{position}")));

    /// <summary>The partnership and position a cursor names; null when it is not one that <see cref="Encode"/> made.</summary>
    public static (long PartnershipId, long Position)? Decode(string cursor)
    {
        if (cursor.Length is 0 or > 100 || !Base64Url.IsValid(cursor))
        {
            return null;
        }
        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
        return parts.Length == 3 && parts[0] == Version
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var partnershipId)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? (partnershipId, position)
            : null;
    }
}
