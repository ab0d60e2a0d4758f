using Portal.ErpSim;
using Portal.Web.Seed;

namespace Portal.ErpSim.Tests;

/// <summary>The reference client against the whole portal: a real token from /connect/token, then a real gRPC call.</summary>
public sealed class ReferenceClientTests : DemoPortalTest
{
    [Fact]
    public async Task The_partnership_command_prints_the_partnership_the_client_is_bound_to()
    {
        using var connection = Connect(DemoData.Arcadia.ErpClientId, DemoData.Arcadia.ErpSecret);
        var output = new StringWriter();

        await PartnershipCommand.RunAsync(connection, output, TestContext.Current.CancellationToken);

        Assert.Contains($": {DemoData.Arcadia.PartnershipName}", output.ToString());
        Assert.Contains($"customer {DemoData.Arcadia.Name}", output.ToString());
        Assert.DoesNotContain(DemoData.Nordlab.Name, output.ToString());
    }

    [Fact]
    public async Task A_wrong_secret_is_reported_with_the_token_endpoints_answer()
    {
        using var connection = Connect(DemoData.Arcadia.ErpClientId, "not-the-secret");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PartnershipCommand.RunAsync(connection, TextWriter.Null, TestContext.Current.CancellationToken));

        Assert.Contains("invalid_client", error.Message);
    }

    [Fact]
    public async Task A_generated_history_pushed_again_by_batches_or_by_stream_stores_nothing_twice()
    {
        using var connection = Connect(DemoData.Nordlab.ErpClientId, DemoData.Nordlab.ErpSecret);
        var history = ErpHistoryGenerator.Generate(seed: 7, size: 40).ToList();
        var ct = TestContext.Current.CancellationToken;

        var pushed = await PushCommand.RunAsync(connection, history, "sim-7", stream: false, batchSize: 25, TextWriter.Null, ct);
        var resent = await PushCommand.RunAsync(connection, history, "sim-7", stream: false, batchSize: 25, TextWriter.Null, ct);
        var streamed = await PushCommand.RunAsync(connection, history, "sim-7-stream", stream: true, batchSize: 0, TextWriter.Null, ct);
        var restreamed = await PushCommand.RunAsync(connection, history, "sim-7-stream", stream: true, batchSize: 0, TextWriter.Null, ct);

        Assert.Equal(history.Count, pushed.Created);
        Assert.Equal((0L, 0L, 0L), (pushed.Updated, pushed.Unchanged, pushed.Replayed));
        Assert.Equal(pushed.Created, resent.Created);
        Assert.True(resent.Replayed > 0);
        // Same records under another stream id: the portal already has them all at these revisions.
        Assert.Equal((0L, (long)history.Count), (streamed.Created, streamed.Unchanged));
        Assert.Equal((0L, 0L, (long)history.Count), (restreamed.Created, restreamed.Unchanged, restreamed.Skipped));
        Assert.Equal(history.Select(e => e.ToString()), ErpHistoryGenerator.Generate(seed: 7, size: 40).Select(e => e.ToString()));
    }

    [Fact]
    public void The_command_line_needs_a_command_a_client_id_and_a_secret()
    {
        Assert.Null(ErpSimOptions.Parse([]));
        Assert.Null(ErpSimOptions.Parse(["partnership", "--client-id", "x"]));
        var options = ErpSimOptions.Parse(["partnership", "--client-id", "x", "--secret", "y", "--grpc", "http://erp-gateway:7000"]);
        Assert.Equal(("x", "y", new Uri("http://localhost:5080"), new Uri("http://erp-gateway:7000")), (options!.ClientId, options.Secret, options.Portal, options.Grpc));
    }
}
