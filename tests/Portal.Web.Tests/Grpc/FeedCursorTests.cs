using Portal.Grpc.Mapping;

namespace Portal.Web.Tests.Grpc;

public sealed class FeedCursorTests
{
    [Theory]
    [InlineData(1L, 0L)]
    [InlineData(42L, 123_456_789L)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void A_cursor_names_its_partnership_and_position(long partnershipId, long position)
    {
        var cursor = FeedCursor.Encode(partnershipId, position);

        Assert.Equal((partnershipId, position), FeedCursor.Decode(cursor));
        Assert.DoesNotContain('=', cursor);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("djE6eDox")] // v1:x:1
    [InlineData("djE6MTotMQ")] // v1:1:-1
    [InlineData("djI6MTox")] // v2:1:1
    [InlineData("djE6MToxOjE")] // v1:1:1:1
    [InlineData("djE6MTox\u00e9")]
    public void Anything_else_is_not_a_cursor(string cursor) => Assert.Null(FeedCursor.Decode(cursor));
}
