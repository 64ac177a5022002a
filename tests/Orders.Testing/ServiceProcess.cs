using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Orders.Testing;

/// <summary>
/// A service assembly copied beside the tests (Orders.Gateway.dll, Orders.Node.dll) run as a real process with
/// <c>dotnet</c>, configured by environment variables, in an empty working directory (so no appsettings.json
/// applies). It can be killed (SIGKILL) or asked to stop (SIGTERM). Its error output goes to the test output.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;
    private readonly Process _process;
    private readonly string _name;
    private readonly ConcurrentQueue<(DateTimeOffset At, string Line)> _timedLines = new();

    private ServiceProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Name => _name;

    /// <summary>Every line the process has written so far (standard output and error).</summary>
    public IEnumerable<string> Lines => _timedLines.Select(timed => timed.Line);

    /// <summary>Every line with the time this process received it (for timelines across processes).</summary>
    public IEnumerable<(DateTimeOffset At, string Line)> TimedLines => _timedLines;

    /// <summary>
    /// A service project's own build output (<c>src/&lt;project&gt;/bin/&lt;configuration&gt;/&lt;framework&gt;/</c>), built
    /// with the same configuration as the tests: run from there, each service has exactly its own dependencies.
    /// </summary>
    /// <summary>The repository's root folder (the one with Orders.sln and appsettings.json).</summary>
    public static string RepositoryFolder =>
        RepositoryRoot(new DirectoryInfo(AppContext.BaseDirectory)) ?? throw new InvalidOperationException($"no Orders.sln above {AppContext.BaseDirectory}");

    public static string BuildOutputOf(string project)
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = tests.Name;
        var configuration = tests.Parent!.Name;
        var root = RepositoryRoot(tests) ?? throw new InvalidOperationException($"no Orders.sln above {tests.FullName}");
        var assembly = Path.Combine(root, "src", project, "bin", configuration, framework, project + ".dll");
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException($"build {project} first", assembly);
    }

    /// <param name="workingDirectory">
    /// Where the process starts; its <c>appsettings.json</c> applies. Default: an empty folder, so every setting
    /// comes from <paramref name="environment"/>. <see cref="RepositoryFolder"/> runs it as the README says.
    /// </param>
    /// <param name="arguments">The service's own command-line arguments (<c>--urls …</c>).</param>
    public static ServiceProcess Start(
        string assembly, string name, IReadOnlyDictionary<string, string> environment, ITestOutputHelper output, string? workingDirectory = null,
        IEnumerable<string>? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet",
            [Path.IsPathRooted(assembly) ? assembly : Path.Combine(AppContext.BaseDirectory, assembly), .. arguments ?? []])
        {
            WorkingDirectory = workingDirectory ?? Directory.CreateTempSubdirectory("orders-process-").FullName,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Run(start, name, output);
    }

    /// <summary>Any other program (a tool the tests run beside the service, such as Prometheus), with its output read the same way.</summary>
    public static ServiceProcess StartProgram(string program, IEnumerable<string> arguments, string name, ITestOutputHelper output, string workingDirectory) =>
        Run(new ProcessStartInfo(program, arguments) { WorkingDirectory = workingDirectory }, name, output);

    private static ServiceProcess Run(ProcessStartInfo start, string name, ITestOutputHelper output)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var service = new ServiceProcess(process, name);
        void Receive(string? text, bool error)
        {
            if (text is null)
            {
                return;
            }

            service._timedLines.Enqueue((DateTimeOffset.UtcNow, text));
            if (error || text.StartsWith("[ERROR]", StringComparison.Ordinal) || text.StartsWith("[WARNING]", StringComparison.Ordinal))
            {
                try
                {
                    output.WriteLine($"{name}: {text}");
                }
                catch (InvalidOperationException)
                {
                    // The test has finished.
                }
            }
        }

        process.OutputDataReceived += (_, line) => Receive(line.Data, error: false);
        process.ErrorDataReceived += (_, line) => Receive(line.Data, error: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until the process has written a line containing <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) => Eventually.Holds(() =>
    {
        Assert.False(_process.HasExited, $"{_name} exited with {(_process.HasExited ? _process.ExitCode : 0)}");
        Assert.True(Lines.Any(line => line.Contains(text, StringComparison.Ordinal)), $"{_name} has not written '{text}' yet");
        return Task.CompletedTask;
    }, timeout);

    /// <summary>Waits for the process to exit by itself; true when it did, with all of its output read.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed, the node just vanishes.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>
    /// SIGSTOP: the process stops where it is, its sockets stay open and the others' messages pile up in them — to
    /// the cluster it looks like a node cut off by the network that still holds its database connections.
    /// </summary>
    public void Pause() => Signal(SigStop, "SIGSTOP");

    /// <summary>SIGCONT: the paused process runs on from where it stopped, unaware of the time that passed.</summary>
    public void Resume() => Signal(SigCont, "SIGCONT");

    private void Signal(int signal, string name)
    {
        if (SendSignal(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"could not send {name} to {_name} ({Marshal.GetLastWin32Error()})");
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; true when the process exited within <paramref name="timeout"/>.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        Signal(SigTerm, "SIGTERM");

        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        // With a timeout, WaitForExit does not wait for the output handlers; without one it does (the process is gone).
        _process.WaitForExit();
        return true;
    }

    private static string? RepositoryRoot(DirectoryInfo? folder)
    {
        for (; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orders.sln")))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
