using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Portal.Data.Database;
using GrpcStatus = Grpc.Core.Status;
using RichStatus = Google.Rpc.Status;

namespace Portal.Grpc.Errors;

/// <summary>How each domain exception reads on the wire. Field violations carry proto field paths (<see cref="ProtoFieldPaths"/>).</summary>
public static class DomainErrors
{
    /// <summary>Null for exceptions that are not domain outcomes: those stay internal errors and are logged as such.</summary>
    public static RpcException? ToRpcException(Exception exception) => exception switch
    {
        ValidationException validation => InvalidArgument(validation),
        DuplicateException duplicate => new RpcException(new GrpcStatus(StatusCode.AlreadyExists, duplicate.Message)),
        ScopeException scope => new RpcException(new GrpcStatus(StatusCode.PermissionDenied, scope.Message)),
        _ => null,
    };

    /// <summary>
    /// A transient database failure (the transaction rolled back, nothing was written) is UNAVAILABLE: retry the same
    /// call, with the same request_id, after a moment. A request message that does not parse is INTERNAL; a NUL in a text
    /// field PostgreSQL was asked to compare is INVALID_ARGUMENT. Null otherwise.
    /// </summary>
    public static RpcException? ToInfrastructureRpcException(Exception exception) => exception switch
    {
        _ when TransientDatabaseErrors.IsTransient(exception) => new RpcException(new GrpcStatus(StatusCode.Unavailable,
            "The portal's database is busy; nothing was written. Try the same call again in a moment.")),
        InvalidProtocolBufferException => new RpcException(new GrpcStatus(StatusCode.Internal, "The request message could not be parsed.")),
        _ when UnstorableText.IsCause(exception) => new RpcException(new GrpcStatus(StatusCode.InvalidArgument, "Text fields cannot contain NUL characters.")),
        _ => null,
    };

    private static RpcException InvalidArgument(ValidationException validation)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(validation.Errors.Select(error =>
            new BadRequest.Types.FieldViolation { Field = ProtoFieldPaths.From(error.Key), Description = error.Value }));
        return new RichStatus
        {
            Code = (int)Code.InvalidArgument,
            Message = validation.Message,
            Details = { Any.Pack(badRequest) },
        }.ToRpcException();
    }
}
