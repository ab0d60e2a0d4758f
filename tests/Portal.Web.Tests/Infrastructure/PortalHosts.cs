using System.Collections.Concurrent;
using Portal.Data.Database;

[assembly: AssemblyFixture(typeof(Portal.Web.Tests.Infrastructure.PortalHosts))]

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// One portal per database for the whole test assembly: starting one migrates and seeds a database, so tests share
/// them and keep to data they create (their own ERP clients) when they change anything. Tests that need a portal
/// of their own (a fake clock, other settings) create a <see cref="PortalFactory"/> themselves.
/// </summary>
public sealed class PortalHosts : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<PortalFactory>> _hosts = new();

    /// <summary>The shared portal on that database, started on first use.</summary>
    public PortalFactory For(DatabaseProvider provider) => _hosts.GetOrAdd(provider, p => new Lazy<PortalFactory>(() =>
    {
        var portal = new PortalFactory(p);
        try
        {
            // Start it here, inside the Lazy: two test classes starting the same factory at once would start two hosts.
            _ = portal.Server;
            return portal;
        }
        catch
        {
            // Lazy keeps the failure for every later caller; the test database must not outlive it.
            portal.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    })).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values.Where(h => h.IsValueCreated))
        {
            await host.Value.DisposeAsync();
        }
    }
}
