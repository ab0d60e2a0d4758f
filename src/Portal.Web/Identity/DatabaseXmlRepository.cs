using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Portal.Data.SharedKeys;

namespace Portal.Web.Identity;

/// <summary>
/// Keeps the data-protection key ring (cookies, antiforgery, invitation links) in the database, so that every
/// node behind a load balancer reads the same keys and a restart does not sign everybody out.
/// </summary>
public sealed class DatabaseXmlRepository(SharedKeyStore sharedKeys) : IXmlRepository
{
    private const string Prefix = "data-protection:";

    // IXmlRepository is synchronous; data protection calls it rarely (start-up, key rotation) and caches the ring.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        sharedKeys.ReadAllAsync(Prefix).GetAwaiter().GetResult().Select(XElement.Parse).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        sharedKeys.AddIfAbsentAsync(Prefix + friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
