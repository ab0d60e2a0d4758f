namespace Portal.Web.Hosting;

/// <summary>
/// Where the portal is reached from outside (<see cref="PortalOptions.PublicUrl"/>). An attacker chooses the Host header
/// of a request, so a link built from it ("Host: evil.example") would send an invited person to the attacker; links
/// are built from configuration instead, and requests for any other host are refused (host filtering).
/// </summary>
public sealed class PublicAddress
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];

    public PublicAddress(PortalOptions options)
    {
        var configured = string.IsNullOrWhiteSpace(options.PublicUrl) ? null : options.PublicUrl.Trim();
        if (!Uri.TryCreate(configured ?? "http://localhost:5080/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"Portal:PublicUrl must be an absolute http or https address, not '{options.PublicUrl}'.");
        }
        // A trailing slash, so that a path below it (https://example.com/portal/) is kept when links are resolved.
        BaseUri = uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        IsConfigured = configured is not null;
    }

    public Uri BaseUri { get; }

    /// <summary>False when no public address was configured and the local default is in use.</summary>
    public bool IsConfigured { get; }

    /// <summary>An absolute link to a path of the portal (relative, without a leading slash: "account/accept-invite?...").</summary>
    public string Link(string relative) => new Uri(BaseUri, relative).AbsoluteUri;

    /// <summary>
    /// The hosts to serve: those configured in AllowedHosts (other than "*"), the public address's, the token issuer's
    /// (ERP clients call it), and without a public address the loopback names that `dotnet run` and tests use.
    /// An explicit "*" alone is honoured: whoever sets it filters hosts in front of the portal.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts(PortalOptions options, string? configuredAllowedHosts)
    {
        var configured = (configuredAllowedHosts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configured is ["*"])
        {
            return configured;
        }
        var hosts = configured.Where(h => h != "*").Append(BaseUri.Host);
        if (Uri.TryCreate(options.Tokens.Issuer, UriKind.Absolute, out var issuer))
        {
            hosts = hosts.Append(issuer.Host);
        }
        if (!IsConfigured)
        {
            hosts = hosts.Concat(Loopback);
        }
        return hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
