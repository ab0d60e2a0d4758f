using Grpc.Core;

namespace Portal.Grpc.Errors;

/// <summary>
/// How a call whose deadline passed or whose client went away ends. Its token stopped the database work, and what the
/// handler threw then (an OperationCanceledException, or SQLite's interrupt surfacing while a row was read) is that
/// stop, not a fault: DEADLINE_EXCEEDED or CANCELLED, never INTERNAL, and nothing logged as an error.
/// </summary>
public static class CancelledCalls
{
    // The server's deadline timer can fire a little before the deadline by the wall clock, so a call that ends this close
    // to its deadline ended because of it.
    private static readonly TimeSpan DeadlineTimerSlack = TimeSpan.FromMilliseconds(20);

    public static bool Ended(ServerCallContext context) => context.CancellationToken.IsCancellationRequested;

    public static RpcException ToRpcException(ServerCallContext context) =>
        context.Deadline != DateTime.MaxValue && context.Deadline - DeadlineTimerSlack <= DateTime.UtcNow
            ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The deadline passed; the work was stopped."))
            : new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled; the work was stopped."));
}
