using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Orders.Testing;

namespace Orders.Gateway.Tests;

/// <summary>
/// Debian's headless Chromium driven through its own chromedriver (packages <c>chromium</c> and
/// <c>chromium-driver</c>, which <c>build.ps1 test</c> installs as root). Without them a browser test is skipped —
/// except under CI, where it fails. Screenshots go to <c>artifacts/test-results/console/</c>.
/// </summary>
public sealed class ConsoleBrowser : IDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    private readonly ChromeDriver _driver;

    private ConsoleBrowser(ChromeDriver driver) => _driver = driver;

    public IWebDriver Driver => _driver;

    public static string ScreenshotFolder { get; } = Path.Combine(ServiceProcess.RepositoryFolder, "artifacts", "test-results", "console");

    public static ConsoleBrowser Start()
    {
        var chromium = OnPath("chromium", "chromium-browser", "google-chrome");
        var driver = OnPath("chromedriver");
        if (chromium is null || driver is null)
        {
            var reason = "the console's browser tests need Chromium and its driver: apt-get install chromium chromium-driver " +
                         "(build.ps1 test installs them when run as root)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("CI always has Chromium, but " + reason);
            }

            throw new SkipException(reason);
        }

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000");
        return new ConsoleBrowser(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
    }

    public void GoTo(string url) => _driver.Navigate().GoToUrl(url);

    /// <summary>Waits until <paramref name="condition"/> returns something (not null, not false).</summary>
    public T Until<T>(Func<IWebDriver, T> condition, string what, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(_driver, timeout ?? DefaultWait) { Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    public IWebElement Find(string css) => _driver.FindElement(By.CssSelector(css));

    /// <summary>Clicks the element, found again if the page replaced it meanwhile (the projections page refreshes itself).</summary>
    public void Click(string css) => Until(_ =>
    {
        Find(css).Click();
        return true;
    }, $"clicking {css}");

    public IReadOnlyList<IWebElement> FindAll(string css) => _driver.FindElements(By.CssSelector(css));

    /// <summary>Saves what the browser shows as <c>{name}.png</c> under <see cref="ScreenshotFolder"/>.</summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        _driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>Runs a test's steps; when one fails, saves a screenshot and the page's HTML beside it first.</summary>
    public async Task RunAsync(string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception)
        {
            try
            {
                Screenshot(name + ".failed");
                await File.WriteAllTextAsync(Path.Combine(ScreenshotFolder, name + ".failed.html"), _driver.PageSource);
            }
            catch (WebDriverException)
            {
                // An open alert blocks both; the test's own failure is what matters.
            }

            throw;
        }
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }

    private static string? OnPath(params string[] names) =>
        names.SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Where(folder => folder.Length > 0).Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
}
