using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Portal.Grpc.Mapping;

namespace Portal.Web.Tests.Grpc;

public sealed class PageTokensTests
{
    private readonly PageTokens _tokens = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void A_token_gives_back_its_position_to_its_own_list_only()
    {
        var token = _tokens.Encode("design_requests", "0:41");

        Assert.Equal("0:41", _tokens.Decode(token, "design_requests"));
        Assert.Null(_tokens.Decode(token, "quality_issues"));
        // Encrypted: the position cannot be read out of the token.
        Assert.DoesNotContain("0:41", Encoding.Latin1.GetString(Base64Url.DecodeFromChars(token)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_forged_or_foreign_token_is_no_token()
    {
        var token = _tokens.Encode("action_items", "0:7");
        var otherKeys = new PageTokens(new EphemeralDataProtectionProvider()).Encode("action_items", "0:7");

        Assert.All([ContractValues.Tampered(token), token[..^2], "YWZ0ZXI6MDo3", "41", otherKeys, new string('A', 2000), "not base64!"],
            forged => Assert.Null(_tokens.Decode(forged, "action_items")));
    }

    [Fact]
    public void A_keyset_token_starts_its_own_list_as_filtered_after_its_last_id_and_nothing_else()
    {
        var token = _tokens.EncodeAfterId("action_items", "1", 41);
        var errors = new Dictionary<string, string>();

        Assert.Equal(41, _tokens.DecodeAfterId(token, "action_items", "1", errors, "state"));
        Assert.Equal(0, _tokens.DecodeAfterId("", "action_items", "1", errors, "state"));
        Assert.Empty(errors);
        foreach (var (other, list, filter) in new[] { (token, "action_items", "2"), (token, "design_requests", "1"), (_tokens.EncodeAfterId("action_items", "1", 0), "action_items", "1") })
        {
            var refused = new Dictionary<string, string>();
            Assert.Equal(0, _tokens.DecodeAfterId(other, list, filter, refused, "state"));
            Assert.Equal("Send back a next_page_token exactly as received, with the same state.", refused["page_token"]);
        }
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(1, 1)]
    [InlineData(200, 200)]
    [InlineData(201, 200)]
    [InlineData(int.MaxValue, 200)]
    public void A_page_size_is_defaulted_and_capped(int requested, int expected)
    {
        var errors = new Dictionary<string, string>();

        Assert.Equal(expected, PageTokens.PageSize(requested, 50, 200, errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void A_negative_page_size_is_a_field_violation()
    {
        var errors = new Dictionary<string, string>();

        PageTokens.PageSize(-1, 50, 200, errors);

        Assert.Equal(["page_size"], errors.Keys);
    }
}
