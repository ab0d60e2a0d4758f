using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Portal.Erp.V1;

namespace Portal.ErpSim;

/// <summary>What `follow` was asked to do, besides how to connect.</summary>
public sealed record FollowOptions(ErpSimOptions Connection, string? Cursor, string? CursorFile, bool Watch)
{
    public const string Usage =
        "usage: Portal.ErpSim follow --client-id ID --secret SECRET [--cursor CURSOR] [--cursor-file PATH] [--watch] [--portal URL] [--grpc URL]";

    /// <summary>Null when the command line is incomplete or has an unknown option.</summary>
    public static FollowOptions? Parse(string[] args)
    {
        var named = new Dictionary<string, string>();
        var watch = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--watch")
            {
                watch = true;
            }
            else if (args[i] is "--client-id" or "--secret" or "--portal" or "--grpc" or "--cursor" or "--cursor-file" && i + 1 < args.Length)
            {
                named[args[i]] = args[++i];
            }
            else
            {
                return null;
            }
        }
        return named.TryGetValue("--client-id", out var clientId) && named.TryGetValue("--secret", out var secret)
            ? new FollowOptions(
                new ErpSimOptions("follow", clientId, secret,
                    new Uri(named.GetValueOrDefault("--portal", "http://localhost:5080")),
                    new Uri(named.GetValueOrDefault("--grpc", "http://localhost:5081"))),
                named.GetValueOrDefault("--cursor"), named.GetValueOrDefault("--cursor-file"), watch)
            : null;
    }
}

/// <summary>
/// `follow`: prints the portal's change feed, one line a change, and the cursor to resume from. Without --watch it
/// reads up to the head and stops; with it, it keeps the stream open until Ctrl+C. With --cursor-file it starts from
/// the cursor saved there and saves the new one after every change, so a restarted follower neither misses nor repeats.
/// </summary>
public static class FollowCommand
{
    private const int PageSize = 500;

    // What says most about a record on one line comes first; long texts and ids the line already shows are left out.
    private static readonly List<string> LeadingFields = ["title", "name", "stage", "state", "severity", "verdict", "status"];
    private static readonly HashSet<string> SkippedFields = ["id", "description"];

    public static async Task<int> MainAsync(string[] args)
    {
        if (FollowOptions.Parse(args) is not { } options)
        {
            await Console.Error.WriteLineAsync(FollowOptions.Usage);
            return 2;
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var connection = new PortalConnection(new Uri(options.Connection.Portal, "/connect/token"), options.Connection.Grpc,
            options.Connection.ClientId, options.Connection.Secret);
        try
        {
            await RunAsync(connection, options, Console.Out, stop.Token);
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or RpcException or HttpRequestException or IOException)
        {
            await Console.Error.WriteLineAsync(e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message);
            return 1;
        }
    }

    /// <summary>Follows the feed as <paramref name="options"/> say and returns the cursor to resume from.</summary>
    public static async Task<string> RunAsync(PortalConnection connection, FollowOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var cursor = options.Cursor ?? await ReadSavedCursorAsync(options.CursorFile, cancellationToken);
        var feed = new ChangeFeedService.ChangeFeedServiceClient(connection.Channel);
        try
        {
            if (options.Watch)
            {
                using var call = feed.WatchChanges(new WatchChangesRequest { Cursor = cursor }, await connection.HeadersAsync(cancellationToken), cancellationToken: cancellationToken);
                await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    cursor = await ShowAsync(message.Change, options.CursorFile, output, cancellationToken);
                }
            }
            else
            {
                GetChangesResponse page;
                do
                {
                    page = await feed.GetChangesAsync(new GetChangesRequest { Cursor = cursor, MaxChanges = PageSize },
                        await connection.HeadersAsync(cancellationToken), cancellationToken: cancellationToken);
                    foreach (var change in page.Changes)
                    {
                        await ShowAsync(change, options.CursorFile, output, cancellationToken);
                    }
                    cursor = page.NextCursor;
                    await SaveCursorAsync(options.CursorFile, cursor, cancellationToken);
                }
                while (!page.HeadReached);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Ctrl+C: stop quietly and say where to go on from.
        }
        await output.WriteLineAsync($"resume with --cursor {cursor}");
        return cursor;
    }

    private static async Task<string> ShowAsync(Change change, string? cursorFile, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"#{change.Position} {change.OccurredAt.ToDateTimeOffset():yyyy-MM-dd HH:mm:ss} {change.Entity} {change.EntityId} {change.Action}{(change.Step.Length > 0 ? " " + change.Step : "")} {Summary(change)}"));
        await SaveCursorAsync(cursorFile, change.Cursor, cancellationToken);
        return change.Cursor;
    }

    /// <summary>The record's top-level plain fields (texts, numbers, flags, enum values), shortened: enough to recognise it on one line.</summary>
    public static string Summary(Change change)
    {
        if (Change.Descriptor.Oneofs[0].Accessor.GetCaseFieldDescriptor(change) is not { } set || set.Accessor.GetValue(change) is not IMessage record)
        {
            return "";
        }
        var fields = record.Descriptor.Fields.InFieldNumberOrder()
            .Where(f => !f.IsRepeated && f.FieldType is not (FieldType.Message or FieldType.Group or FieldType.Bytes))
            .Where(f => !SkippedFields.Contains(f.JsonName))
            .Select(f => (f.JsonName, Text: Shorten(f.Accessor.GetValue(record))))
            .Where(f => f.Text.Length > 0)
            .OrderBy(f => LeadingFields.IndexOf(f.JsonName) is var i and >= 0 ? i : LeadingFields.Count)
            .Take(5)
            .Select(f => $"{f.JsonName}={f.Text}");
        return string.Join(" ", fields);
    }

    /// <summary>Empty for a field left at its default (an empty text, an unspecified enum), which says nothing on a summary line.</summary>
    private static string Shorten(object value) => value switch
    {
        string { Length: 0 } => "",
        string text => text.Length > 40 ? $"\"{text[..37]}...\"" : $"\"{text}\"",
        bool flag => flag ? "true" : "false",
        System.Enum named => Convert.ToInt32(named, CultureInfo.InvariantCulture) == 0 ? "" : named.ToString(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => "",
    };

    private static async Task<string> ReadSavedCursorAsync(string? cursorFile, CancellationToken cancellationToken) =>
        cursorFile is not null && File.Exists(cursorFile) ? (await File.ReadAllTextAsync(cursorFile, cancellationToken)).Trim() : "";

    // Written beside and moved over the old one, so that a crash mid-write never leaves half a cursor.
    private static async Task SaveCursorAsync(string? cursorFile, string cursor, CancellationToken cancellationToken)
    {
        if (cursorFile is null)
        {
            return;
        }
        var temporary = cursorFile + ".tmp";
        await File.WriteAllTextAsync(temporary, cursor, cancellationToken);
        File.Move(temporary, cursorFile, overwrite: true);
    }
}
