using System.Text.RegularExpressions;

namespace Portal.Data.DesignRequests;

/// <summary>Who a comment mentions: <c>@someone@example.com</c> or <c>@"Display Name"</c>.</summary>
public static partial class Mentions
{
    public sealed record Mention(string? Email, string? DisplayName);

    public static IReadOnlyList<Mention> Parse(string body) =>
        [.. MentionPattern().Matches(body).Select(m => m.Groups["name"].Success
            ? new Mention(null, m.Groups["name"].Value.Trim())
            : new Mention(m.Groups["email"].Value.TrimEnd('.'), null))];

    [GeneratedRegex("""(?<![\w@])@(?:"(?<name>[^"\r\n]{1,100})"|(?<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+))""")]
    private static partial Regex MentionPattern();
}
