using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Portal.Grpc.Mapping;

namespace Portal.Web.Tests.Grpc;

public sealed class FeedCursorsTests
{
    private readonly FeedCursors _cursors = new(new PageTokens(new EphemeralDataProtectionProvider()));

    [Theory]
    [InlineData(1L, 0L)]
    [InlineData(42L, 123_456_789L)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void A_cursor_gives_back_its_position_to_its_own_partnership_only(long partnershipId, long position)
    {
        var cursor = _cursors.Encode(partnershipId, position);

        Assert.Equal(position, _cursors.Decode(cursor, partnershipId));
        Assert.Null(_cursors.Decode(cursor, partnershipId == 1 ? 11 : 1));
        Assert.DoesNotContain('=', cursor);
        // Sealed: neither the partnership nor the position can be read out of it.
        Assert.DoesNotContain($":{position}", Encoding.Latin1.GetString(Base64Url.DecodeFromChars(cursor)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_forged_or_foreign_cursor_is_no_cursor()
    {
        var cursor = _cursors.Encode(7, 91);
        var otherKeys = new FeedCursors(new PageTokens(new EphemeralDataProtectionProvider())).Encode(7, 91);
        var pageToken = new PageTokens(new EphemeralDataProtectionProvider()).Encode("quality_issues", "91");

        // "djE6NzoxMQ" is what the first cursors were: readable base64 of "v1:7:11".
        Assert.All(["", "not a cursor", "djE6NzoxMQ", ContractValues.Tampered(cursor), cursor[..^2], otherKeys, pageToken, new string('A', 2000)],
            forged => Assert.Null(_cursors.Decode(forged, 7)));
    }
}
