using Portal.ErpSim;
using Portal.Web.Seed;

namespace Portal.ErpSim.Tests;

/// <summary>`follow` against the whole portal: the demo's changes, a cursor file that resumes, and a watch that stops on cancel.</summary>
public sealed class FollowCommandTests : DemoPortalTest
{
    [Fact]
    public async Task Following_prints_each_change_once_and_a_cursor_file_resumes_where_it_stopped()
    {
        using var connection = Connect(DemoData.Arcadia.ErpClientId, DemoData.Arcadia.ErpSecret);
        var cursorFile = Path.Combine(DataDirectory, "arcadia.cursor");
        var options = FollowOptions.Parse(["--client-id", DemoData.Arcadia.ErpClientId, "--secret", DemoData.Arcadia.ErpSecret, "--cursor-file", cursorFile])!;

        var first = new StringWriter();
        var cursor = await FollowCommand.RunAsync(connection, options, first, Ct);
        var again = new StringWriter();
        await FollowCommand.RunAsync(connection, options, again, Ct);

        var lines = first.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("#1 ", lines[0]);
        Assert.Contains("QualityIssue", first.ToString());
        Assert.Contains("title=\"", first.ToString());
        Assert.DoesNotContain(DemoData.Nordlab.Name, first.ToString());
        Assert.Equal($"resume with --cursor {cursor}", lines[^1].TrimEnd());
        // The second run started from the saved cursor, found nothing new and saved where it stopped (cursors are sealed
        // afresh by each answer, so the text differs while the place is the same).
        Assert.Equal([$"resume with --cursor {await File.ReadAllTextAsync(cursorFile, Ct)}"], again.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(2));
        var watched = new StringWriter();
        var watchedFrom = await FollowCommand.RunAsync(connection, options with { CursorFile = null, Cursor = null, Watch = true }, watched, stop.Token);
        Assert.Equal(lines[..^1], watched.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[..^1]);
        var afterWatch = new StringWriter();
        await FollowCommand.RunAsync(connection, options with { CursorFile = null, Cursor = watchedFrom }, afterWatch, Ct);
        // The watch stopped where the first run did: following on from it prints no change, only where to resume.
        Assert.StartsWith("resume with --cursor ", Assert.Single(afterWatch.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void The_follow_command_line_takes_a_cursor_a_cursor_file_and_watch()
    {
        Assert.Null(FollowOptions.Parse(["--client-id", "x"]));
        Assert.Null(FollowOptions.Parse(["--client-id", "x", "--secret", "y", "--bogus"]));
        var options = FollowOptions.Parse(["--client-id", "x", "--secret", "y", "--watch", "--cursor", "abc", "--cursor-file", "f.txt"]);
        Assert.Equal(("x", "y", "abc", "f.txt", true), (options!.Connection.ClientId, options.Connection.Secret, options.Cursor, options.CursorFile, options.Watch));
    }
}
