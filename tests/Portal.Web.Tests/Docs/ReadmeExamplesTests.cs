using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Docs;

/// <summary>
/// Every ```bash example of README.md runs as written: in order, in one bash session (as a reader pastes them into one
/// terminal, so a function or TOKEN defined above is there below), from a directory holding the repository's protos/,
/// against the real portal process with its demo data. The only change to the text: the default ports localhost:5080
/// and localhost:5081 become the started portal's. Each block must finish without a failed command (pipefail, an ERR
/// trap) and its output must show the field and enum names of the lines it marks <c>#&gt;</c>. Blocks whose first line
/// is <c># illustrative: why</c> are reported as skipped, with their reason. Service and message names come from the
/// README itself.
/// </summary>
public sealed class ReadmeExamplesTests(ReadmeExamplesTests.Session session) : IClassFixture<ReadmeExamplesTests.Session>
{
    private static readonly IReadOnlyList<ReadmeShellBlock> Blocks =
        ReadmeShellBlock.Parse(File.ReadAllText(Path.Combine(ExternalProgram.RepositoryRoot(), "README.md")));

    public static TheoryData<int, string> Examples => [.. Blocks.Select(b => (b.Number, b.Title))];

    [Fact]
    public void The_readme_has_examples_that_run()
    {
        Assert.Contains(Blocks, b => b.Illustrative is null && b.ExpectedWords.Count > 0);
        Assert.All(Blocks.Where(b => b.Illustrative is not null), b => Assert.NotEqual("", b.Illustrative));
    }

    [Theory, MemberData(nameof(Examples))]
    public async Task Each_shell_example_runs_as_written(int number, string title)
    {
        var block = Blocks[number - 1];
        Assert.SkipWhen(block.Illustrative is not null, $"illustrative: {block.Illustrative}");
        Assert.SkipUnless(await ExternalProgram.SucceedsAsync("protoc", "--version") && await ExternalProgram.SucceedsAsync("curl", "--version")
            && File.Exists("/usr/include/google/protobuf/timestamp.proto"),
            "Needs curl and Debian's protobuf-compiler and libprotobuf-dev (test.sh installs them).");

        var output = (await session.RunAsync(Blocks)).GetValueOrDefault(number);

        Assert.True(output is not null, $"{title}: the session ended before this block (an earlier one stopped it).");
        Assert.False(output.Contains(Session.FailedMarker, StringComparison.Ordinal), $"{title}: a command failed.\n{output}");
        Assert.All(block.ExpectedWords, word => Assert.True(output.Contains(word, StringComparison.Ordinal), $"{title}: the output lacks {word}.\n{output}"));
    }

    /// <summary>The portal and the one bash session, started by the first example that runs; each block's output by its number.</summary>
    public sealed class Session : IAsyncDisposable
    {
        public const string FailedMarker = "@@readme-failed";
        private const string BlockMarker = "@@readme-block ";
        private readonly SemaphoreSlim _once = new(1, 1);
        private readonly string _directory = Directory.CreateTempSubdirectory("portal-readme-").FullName;
        private PortalProcess? _portal;
        private Dictionary<int, string>? _outputs;

        public async Task<IReadOnlyDictionary<int, string>> RunAsync(IReadOnlyList<ReadmeShellBlock> blocks)
        {
            await _once.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                return _outputs ??= await RunOnceAsync(blocks);
            }
            finally
            {
                _once.Release();
            }
        }

        private async Task<Dictionary<int, string>> RunOnceAsync(IReadOnlyList<ReadmeShellBlock> blocks)
        {
            _portal = await PortalProcess.StartAsync(Path.Combine(_directory, "data"));
            var work = Directory.CreateDirectory(Path.Combine(_directory, "work")).FullName;
            Directory.CreateSymbolicLink(Path.Combine(work, "protos"), Path.Combine(ExternalProgram.RepositoryRoot(), "protos"));
            var script = string.Join('\n',
            [
                "exec 2>&1",
                "set -o pipefail",
                $"trap 'printf \"\\n{FailedMarker}: %s@@\\n\" \"$BASH_COMMAND\"' ERR",
                .. blocks.Where(b => b.Illustrative is null).Select(b => $"printf '\\n{BlockMarker}{b.Number}@@\\n'\n{b.Text}"),
            ]);
            script = script.Replace("localhost:5080", new Uri(_portal.WebAddress).Authority, StringComparison.Ordinal)
                .Replace("localhost:5081", new Uri(_portal.GrpcAddress).Authority, StringComparison.Ordinal);
            var path = Path.Combine(_directory, "readme.sh");
            await File.WriteAllTextAsync(path, script, TestContext.Current.CancellationToken);

            var (_, output) = await ExternalProgram.RunInAsync(work, "bash", path);

            return output.Split(BlockMarker).Skip(1)
                .Select(part => (Number: int.Parse(part[..part.IndexOf('@', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), Output: part))
                .ToDictionary(p => p.Number, p => p.Output);
        }

        public async ValueTask DisposeAsync()
        {
            if (_portal is not null) await _portal.DisposeAsync();
            _once.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
