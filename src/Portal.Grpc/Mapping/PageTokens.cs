using System.Buffers.Text;
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
    /// The page size to read: 0 means <paramref name="defaultSize"/> and more than <paramref name="maxSize"/> is capped
    /// to it (AIP-158); a negative size is a field violation.
    /// </summary>
    public static int PageSize(int requested, int defaultSize, int maxSize, Dictionary<string, string> errors)
    {
        if (requested < 0) errors["page_size"] = $"Ask for 0 (the default, {defaultSize}) or more; more than {maxSize} gives {maxSize}.";
        return requested <= 0 ? defaultSize : Math.Min(requested, maxSize);
    }
}
