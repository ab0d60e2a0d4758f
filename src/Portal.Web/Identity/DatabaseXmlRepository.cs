using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Portal.Data.Database;

namespace Portal.Web.Identity;

/// <summary>
/// Keeps the data-protection key ring (cookies, antiforgery, invitation links) in the database, so that every
/// node behind a load balancer reads the same keys and a restart does not sign everybody out.
/// </summary>
public sealed class DatabaseXmlRepository(PortalDatabase database, TimeProvider clock) : IXmlRepository
{
    private const string Prefix = "data-protection:";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        return connection.Query<string>("SELECT value FROM shared_keys WHERE name LIKE @Like", new { Like = Prefix + "%" })
            .Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        connection.Execute(
            "INSERT INTO shared_keys (name, value, created_at) VALUES (@Name, @Value, @CreatedAt) ON CONFLICT (name) DO NOTHING",
            new { Name = Prefix + friendlyName, Value = element.ToString(SaveOptions.DisableFormatting), CreatedAt = clock.GetUtcNow() });
    }
}
