using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Hosting;

public sealed class ClientGoneMiddlewareTests
{
    [Fact]
    public async Task What_a_request_throws_after_its_client_left_ends_it_quietly_as_499()
    {
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        var context = new DefaultHttpContext { RequestAborted = gone.Token };
        var middleware = new ClientGoneMiddleware(_ => throw new SqliteException("interrupted", 9), NullLogger<ClientGoneMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_fault_while_the_client_waits_is_still_a_fault()
    {
        var middleware = new ClientGoneMiddleware(_ => throw new InvalidOperationException("a bug"), NullLogger<ClientGoneMiddleware>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.InvokeAsync(new DefaultHttpContext()));
    }
}
