using Microsoft.Extensions.Logging.Abstractions;

namespace Portal.Web.Jobs;

/// <summary>
/// Hangfire keeps its log provider in a process-wide static. When several hosts share a process (the test suites run
/// many portals side by side), a host that set it may already be disposed when another host's Hangfire asks for a
/// logger; that must cost the log line, not the start-up.
/// </summary>
public sealed class DisposalTolerantLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        try
        {
            return inner.CreateLogger(categoryName);
        }
        catch (ObjectDisposedException)
        {
            return NullLogger.Instance;
        }
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The host owns the inner factory and disposes it.
    public void Dispose()
    {
    }
}
