using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Grpc;

/// <summary>
/// An ERP client no one here wrote against the C# code: tests/conformance/erp_conformance.py, Python with Debian's grpcio
/// and stubs generated from protos/ at run time, against the real portal process. Token by client credentials, a batch
/// of every record kind, a replay, a changed-content replay refused, a broken stream resumed, the feed followed from a
/// saved cursor, and the status of an unauthenticated call (see the script for each check).
/// </summary>
public sealed class PythonConformanceTests
{
    private const string Python = "/usr/bin/python3";
    private const int StreamChunk = 5;

    [Fact]
    public async Task A_python_client_built_from_the_protos_alone_passes_every_check()
    {
        Assert.SkipUnless(await ExternalProgram.SucceedsAsync(Python, "-c", "import grpc, google.protobuf") && await ExternalProgram.SucceedsAsync("protoc", "--version") && File.Exists("/usr/bin/grpc_python_plugin")
            && File.Exists("/usr/include/google/protobuf/timestamp.proto"),
            "Needs Debian's python3-grpcio, python3-protobuf, protobuf-compiler, protobuf-compiler-grpc and libprotobuf-dev (test.sh installs them).");
        var dataDirectory = Directory.CreateTempSubdirectory("portal-conformance-").FullName;
        try
        {
            await using var portal = await PortalProcess.StartAsync(dataDirectory, new Dictionary<string, string> { ["Portal__Sync__StreamChunkSize"] = $"{StreamChunk}" });

            var (exitCode, output) = await ExternalProgram.RunAsync(Python, Path.Combine(ExternalProgram.RepositoryRoot(), "tests", "conformance", "erp_conformance.py"),
                "--web", portal.WebAddress, "--grpc", new Uri(portal.GrpcAddress).Authority,
                "--client-id", DemoData.Nordlab.ErpClientId, "--secret", DemoData.Nordlab.ErpSecret, "--stream-chunk", $"{StreamChunk}");

            Assert.True(exitCode == 0, output);
            Assert.Contains("conformance: all checks passed", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
