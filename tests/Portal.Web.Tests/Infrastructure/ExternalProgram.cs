using System.Diagnostics;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>Programs outside .NET that a test runs against the portal (a Python client, the README's shell examples).</summary>
public static class ExternalProgram
{
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No Portal.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Whether the program is there and answers with exit code 0.</summary>
    public static async Task<bool> SucceedsAsync(string program, params string[] arguments)
    {
        try
        {
            return (await RunAsync(program, arguments)).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments) => RunInAsync(null, program, arguments);

    /// <summary>Runs the program in <paramref name="workingDirectory"/> (null: the test's), killed after two minutes; its output and errors, in that order.</summary>
    public static async Task<(int ExitCode, string Output)> RunInAsync(string? workingDirectory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output + await errors);
    }
}
