using System.Globalization;

namespace Portal.Grpc.Mapping;

/// <summary>
/// The change feed's cursors: a position in one partnership's feed, sealed like the List methods' page tokens
/// (<see cref="PageTokens"/>), so a client can neither read nor build one, and a cursor of one partnership is refused by
/// every other. Cursors live as long as a client keeps them: they stay readable after the data-protection keys rotate,
/// because retired keys are kept to decrypt (they only stop being used to encrypt).
/// </summary>
public sealed class FeedCursors(PageTokens tokens)
{
    public string Encode(long partnershipId, long position) =>
        tokens.Encode(FeedOf(partnershipId), position.ToString(CultureInfo.InvariantCulture));

    /// <summary>The position a cursor made by <see cref="Encode"/> for this partnership names; null for anything else.</summary>
    public long? Decode(string cursor, long partnershipId) =>
        tokens.Decode(cursor, FeedOf(partnershipId)) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : null;

    private static string FeedOf(long partnershipId) => string.Create(CultureInfo.InvariantCulture, $"change_feed/{partnershipId}");
}
