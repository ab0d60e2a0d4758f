using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Grpc.Mapping;

/// <summary>
/// The opaque page tokens of the List methods (AIP-158): the list's name and where the next page starts, encrypted and
/// signed with the data-protection keys every node shares, so that a client can neither read a token (what is inside may
/// change without a contract change) nor forge or alter one, and a token of one list is refused by another.
/// </summary>
public sealed class PageTokens(IDataProtectionProvider provider)
{
    private const string Version = "v1";

    // Tokens are about a hundred characters; anything much longer was not made here.
    private const int MaxTokenLength = 1000;

    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Grpc.PageTokens");

    public string Encode(string list, string position) =>
        Base64Url.EncodeToString(_protector.Protect(Encoding.UTF8.GetBytes($"{Version}|{list}|{position}")));

    /// <summary>The position inside a token that <see cref="Encode"/> made for <paramref name="list"/>; null for anything else.</summary>
    public string? Decode(string token, string list)
    {
        if (token.Length is 0 or > MaxTokenLength || !Base64Url.IsValid(token))
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(_protector.Unprotect(Base64Url.DecodeFromChars(token)));
            var prefix = $"{Version}|{list}|";
            return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// The token of a keyset page: the last id given, for the list as filtered (<paramref name="filter"/>, e.g. the state
    /// asked for), so that paging never skips or repeats a row when others are added meanwhile, and a token sent back with
    /// another filter is refused rather than paging another list.
    /// </summary>
    public string EncodeAfterId(string list, string filter, long lastId) =>
        Encode(Filtered(list, filter), lastId.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Where the next keyset page starts: after id 0 without a token, after the token's id with one that
    /// <see cref="EncodeAfterId"/> made for this list and filter; anything else is a field violation on <c>page_token</c>
    /// naming <paramref name="sameFilter"/>, the filters that must be sent again unchanged.
    /// </summary>
    public long DecodeAfterId(string token, string list, string filter, Dictionary<string, string> errors, string sameFilter)
    {
        if (token.Length == 0)
        {
            return 0;
        }
        if (Decode(token, Filtered(list, filter)) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var afterId) && afterId > 0)
        {
            return afterId;
        }
        errors["page_token"] = $"Send back a next_page_token exactly as received, with the same {sameFilter}.";
        return 0;
    }

    private static string Filtered(string list, string filter) => $"{list}/{filter}";

    /// <summary>
    /// The page size to read: 0 means <paramref name="defaultSize"/> and more than <paramref name="maxSize"/> is capped
    /// to it (AIP-158); a negative size is a field violation.
    /// </summary>
    public static int PageSize(int requested, int defaultSize, int maxSize, Dictionary<string, string> errors)
    {
        if (requested < 0) errors["page_size"] = $"Ask for 0 (the default, {defaultSize}) or more; more than {maxSize} gives {maxSize}.";
        return requested <= 0 ? defaultSize : Math.Min(requested, maxSize);
    }
}
