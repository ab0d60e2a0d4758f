using Google.Rpc;
using Grpc.Core;
using Portal.Data.Database;
using Portal.Grpc.Errors;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

public sealed class DomainErrorInterceptorTests
{
    private readonly DomainErrorInterceptor _interceptor = new();

    [Fact]
    public async Task A_validation_failure_is_invalid_argument_with_a_violation_per_field()
    {
        var errors = new Dictionary<string, string> { ["Currency"] = "Use a three-letter ISO currency code.", ["DeliveryExternalId"] = "No such delivery." };

        var error = await CallThrowingAsync(new ValidationException(errors));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(new Dictionary<string, string> { ["currency"] = errors["Currency"], ["delivery_external_id"] = errors["DeliveryExternalId"] },
            badRequest.FieldViolations.ToDictionary(v => v.Field, v => v.Description));
    }

    [Fact]
    public async Task A_duplicate_is_already_exists()
    {
        var error = await CallThrowingAsync(new DuplicateException("This client id is taken.", new InvalidOperationException()));

        Assert.Equal((StatusCode.AlreadyExists, "This client id is taken."), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task A_scope_refusal_is_permission_denied()
    {
        var error = await CallThrowingAsync(new ScopeException("Only admins may do this."));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Other_exceptions_pass_through_untouched()
    {
        var bug = new InvalidOperationException("a bug");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _interceptor.UnaryServerHandler<string, string>("request", new TestServerCallContext(), (_, _) => throw bug));

        Assert.Same(bug, thrown);
    }

    [Fact]
    public async Task A_failure_after_the_deadline_passed_is_deadline_exceeded_not_internal()
    {
        using var expired = new CancellationTokenSource();
        await expired.CancelAsync();
        var context = new TestServerCallContext(cancellationToken: expired.Token, deadline: DateTime.UtcNow.AddSeconds(-1));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _interceptor.UnaryServerHandler<string, string>("request", context, (_, _) => throw new InvalidOperationException("SQLite interrupted a row read")));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task A_failure_after_the_client_went_away_is_cancelled()
    {
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", new TestServerCallContext(cancellationToken: gone.Token), (_, _) => throw new OperationCanceledException(gone.Token)));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private Task<RpcException> CallThrowingAsync(Exception exception) => Assert.ThrowsAsync<RpcException>(() =>
        _interceptor.UnaryServerHandler<string, string>("request", new TestServerCallContext(), (_, _) => throw exception));
}
