using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using SolarSync.Modules.Collection.CollectForecasts;
using SolarSync.Modules.Collection.CollectHistory;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Tests.Infrastructure;
using SolarSync.Tests.Prediction;

namespace SolarSync.Tests.Monitoring;

/// <summary>
/// The console in a real browser (Debian's chromium, headless, through its chromedriver) against the host on Kestrel:
/// the demo plants with simulated history, tiny Production models and three days of forecasts served every 6 hours
/// (so the archive holds day-ahead forecasts of the last two days). Screenshots go to .local/screenshots/.
/// </summary>
[NonParallelizable]
public sealed class ConsoleBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private const int ServedDays = 3;
    private const int ServeEveryHours = 6;

    private SolarSyncApp app = null!;
    private string modelsRoot = null!;
    private DateTimeOffset now;
    private DateTimeOffset hour;
    private Site solar = null!;
    private ChromeDriver? driver;

    [OneTimeSetUp]
    public async Task StartHostWithServedForecastsAsync()
    {
        var real = DateTimeOffset.UtcNow;
        hour = new DateTimeOffset(real.Year, real.Month, real.Day, real.Hour, 0, 0, TimeSpan.Zero);
        now = real;
        var clock = new SettableClock(now.AddDays(-ServedDays));

        modelsRoot = DemoPlants.NewModelsRoot();
        await DemoPlants.EmptyDatabaseAsync();
        var settings = DemoPlants.Settings(modelsRoot);
        settings["Prediction:SiteListSeconds"] = "0";
        settings["Devices:SeedDemoDevices"] = "true";
        app = await SolarSyncApp.StartOnKestrelAsync(settings, s => s.AddSingleton<TimeProvider>(clock));
        // What other fixtures left beside the demo plants (seeded afresh as sites 1 and 2) and their devices.
        await using (var conn = new NpgsqlConnection(TestServices.Postgres))
        {
            await conn.ExecuteAsync("""
                TRUNCATE prediction.forecasts, prediction.forecast_accuracy_daily, validation.data_quality_daily, validation.quarantine,
                         collection.collection_runs;
                """);
        }
        await DemoPlants.CollectAsync(app, weatherForecast: true);
        solar = (await app.Services.GetRequiredService<ISiteDirectory>().ListAsync(PlantType.Solar, CancellationToken.None)).Single();
        using var admin = app.CreateClient(SolarSyncApp.AdminKey);
        foreach (var type in new[] { PlantType.Solar, PlantType.Wind })
        {
            await using var scope = app.Scope();
            var result = await scope.ServiceProvider.GetRequiredService<RetrainPipeline>().RunAsync(type, null, null, null, CancellationToken.None);
            var promoted = await admin.PostAsync($"/admin/model/{type.ToDbName()}/promote/{result.Version}?force=true", null);
            Assert.That(promoted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await promoted.Content.ReadAsStringAsync());
        }

        // Step the clock to now, storing what arrived and serving each plant's 48 h forecast (archived) on the way.
        for (var t = clock.Now; t <= now; t = t.AddHours(ServeEveryHours))
        {
            clock.Now = t;
            await using var scope = app.Scope();
            await scope.ServiceProvider.GetRequiredService<CollectHistoryJob>().RunAsync(null, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<CollectForecastsJob>().RunAsync(CancellationToken.None);
            foreach (var id in new[] { 1, 2 })
            {
                var served = await admin.GetAsync($"/api/v1/sites/{id}/forecast?hours=48");
                Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK), await served.Content.ReadAsStringAsync());
            }
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        driver?.Quit();
        driver?.Dispose();
        await app.DisposeAsync();
        if (Directory.Exists(modelsRoot)) Directory.Delete(modelsRoot, recursive: true);
    }

    [Test, Order(1)]
    public void A_signed_in_operator_sees_the_plants_models_and_runs_on_the_overview()
    {
        var browser = Browser();
        SignIn(browser);

        Screenshot(browser, "console-overview.png");
        var rows = browser.FindElements(By.CssSelector("table.sites tbody tr"));
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.GetDomAttribute("data-site-id")), Is.EqualTo(new[] { "1", "2", "3" }));
            Assert.That(browser.FindElement(By.CssSelector("a[href='/sites/1']")).Text, Is.EqualTo(solar.Name));
            Assert.That(browser.FindElements(By.CssSelector("table.models tbody tr")), Has.Count.GreaterThanOrEqualTo(2), "a version per type");
            Assert.That(browser.FindElements(By.CssSelector("table.models .badge-production")), Has.Count.EqualTo(2));
            Assert.That(browser.FindElements(By.CssSelector("table.collection-runs tbody tr")), Is.Not.Empty);
            Assert.That(browser.FindElements(By.CssSelector("table.training-runs tbody tr")), Has.Count.EqualTo(2));
            Assert.That(rows[0].Text, Does.Contain("0 / 1"), "the demo device, not heard from");
        });
        AssertNoScriptErrors(browser);
    }

    [Test, Order(2)]
    public async Task The_plant_page_charts_hold_the_plants_points_in_its_time_zone()
    {
        var browser = Browser();
        SignIn(browser);
        browser.Navigate().GoToUrl(new Uri(app.BaseAddress!, $"/sites/{solar.Id}"));
        var history = WaitUntilDrawn(browser, "history-chart");
        var forecast = WaitUntilDrawn(browser, "forecast-chart");
        Screenshot(browser, $"console-site-{solar.Id}.png");

        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        var from = hour.AddDays(-7);
        var observedHours = await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM collection.observations WHERE site_id = @id AND ts >= @from AND ts < @hour AND power_kw IS NOT NULL",
            new { id = solar.Id, from, hour });
        var brightest = await conn.QueryFirstAsync<ObservedHour>(
            "SELECT ts, power_kw FROM collection.observations WHERE site_id = @id AND ts >= @from AND ts < @hour ORDER BY power_kw DESC, ts LIMIT 1",
            new { id = solar.Id, from, hour });
        await conn.OpenAsync();
        await using var read = new NpgsqlCommand(
            "SELECT p50 FROM prediction.forecasts WHERE site_id = @id AND issued_at = @hour AND model_version <> 'physical'", conn);
        read.Parameters.AddWithValue("id", solar.Id);
        read.Parameters.AddWithValue("hour", hour);
        var archived = (double[])(await read.ExecuteScalarAsync())!;

        var observedAtBrightest = Convert.ToDouble(browser.ExecuteScript(
            "var c = window.solarsyncCharts.history; return c.data[1][c.data[0].indexOf(arguments[0])];",
            new DateTimeOffset(brightest.Ts, TimeSpan.Zero).ToUnixTimeSeconds()), CultureInfo.InvariantCulture);
        var forecastP50 = ((IEnumerable<object>)browser.ExecuteScript("return window.solarsyncCharts.forecast.data[1];")!)
            .Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();
        var peak = Array.IndexOf(forecastP50, forecastP50.Max());
        var axisZone = (string)browser.ExecuteScript("return document.querySelector('#history-chart .u-legend th, #history-chart .u-legend td')?.textContent || '';")!;

        Assert.Multiple(() =>
        {
            Assert.That(observedHours, Is.EqualTo(7 * 24), "the simulation stores every hour");
            Assert.That(history.GetDomAttribute("data-actual-points"), Is.EqualTo(observedHours.ToString(CultureInfo.InvariantCulture)));
            Assert.That(history.GetDomAttribute("data-drawn-actual-points"), Is.EqualTo(observedHours.ToString(CultureInfo.InvariantCulture)));
            var dayAhead = int.Parse(history.GetDomAttribute("data-drawn-dayahead-points")!, CultureInfo.InvariantCulture);
            Assert.That(dayAhead, Is.EqualTo(int.Parse(history.GetDomAttribute("data-dayahead-points")!, CultureInfo.InvariantCulture)));
            Assert.That(dayAhead, Is.InRange(24, 48), "forecasts served over three days, 48 h each, cover the last two days a day ahead");
            Assert.That(forecast.GetDomAttribute("data-forecast-points"), Is.EqualTo("48"));
            Assert.That(forecast.GetDomAttribute("data-drawn-forecast-points"), Is.EqualTo("48"));
            Assert.That(observedAtBrightest, Is.EqualTo(brightest.PowerKw).Within(0.001), $"observed kW at {brightest.Ts:O}");
            Assert.That(brightest.PowerKw, Is.GreaterThan(0));
            Assert.That(forecastP50[peak], Is.EqualTo(archived[peak]).Within(0.001), "the chart's forecast is the archived one");
            Assert.That(browser.FindElement(By.CssSelector("strong.zone")).Text, Does.StartWith("America/Denver"));
            Assert.That(axisZone, Does.Contain("America/Denver"));
            Assert.That(browser.FindElements(By.CssSelector(".calendar .day[data-day]")), Has.Count.EqualTo(30));
            Assert.That(browser.FindElements(By.CssSelector(".calendar .day.q-4, .calendar .day.q-3")), Is.Not.Empty, "scored days are coloured");
        });
        AssertNoScriptErrors(browser);
    }

    [Test, Order(3)]
    public async Task The_server_time_of_the_pages_is_reported()
    {
        using var reader = app.CreateClient(SolarSyncApp.ReaderKey);
        foreach (var path in new[] { "/", $"/sites/{solar.Id}" })
        {
            var server = new List<double>();
            var wall = new List<double>();
            for (var i = 0; i < 12; i++)
            {
                var watch = Stopwatch.StartNew();
                var response = await reader.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
                if (i < 2) continue; // warm-up: JIT, connection pool, forecast cache
                wall.Add(watch.Elapsed.TotalMilliseconds);
                server.Add(double.Parse(response.Headers.GetValues("Server-Timing").Single()["app;dur=".Length..], CultureInfo.InvariantCulture));
            }
            server.Sort();
            wall.Sort();
            TestContext.Out.WriteLine($"{path}: server time median {server[server.Count / 2]:0.0} ms, max {server[^1]:0.0} ms; " +
                $"round trip median {wall[wall.Count / 2]:0.0} ms, max {wall[^1]:0.0} ms ({server.Count} requests after 2 warm-up)");
        }
    }

    private sealed record ObservedHour(DateTime Ts, double PowerKw);

    private ChromeDriver Browser()
    {
        if (driver is not null) return driver;
        if (!File.Exists(Chromium) || !File.Exists(ChromeDriver))
        {
            var message = $"The browser test needs {Chromium} and {ChromeDriver}: apt-get install -y chromium chromium-driver (scripts/test.sh installs them).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message);
            Assert.Ignore(message);
        }

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        // Root in a container has no user namespaces for the sandbox; /dev/shm may be small.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1800",
            "--lang=en-US", "--no-first-run", "--disable-extensions");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        return driver;
    }

    private void SignIn(ChromeDriver browser)
    {
        browser.Manage().Cookies.DeleteAllCookies();
        browser.Navigate().GoToUrl(new Uri(app.BaseAddress!, "/signin"));
        browser.FindElement(By.Id("key")).SendKeys(SolarSyncApp.ReaderKey);
        browser.FindElement(By.CssSelector("form.signin button")).Click();
        WaitFor(() => browser.Url.TrimEnd('/') == app.BaseAddress!.ToString().TrimEnd('/') && browser.FindElements(By.CssSelector("table.sites")).Count > 0,
            "the overview after signing in");
    }

    private static IWebElement WaitUntilDrawn(ChromeDriver browser, string id)
    {
        WaitFor(() => browser.FindElements(By.CssSelector($"#{id}[data-drawn='true']")).Count > 0, $"#{id} drawn");
        return browser.FindElement(By.Id(id));
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}.");
            Thread.Sleep(100);
        }
    }

    private static void AssertNoScriptErrors(ChromeDriver browser)
    {
        var errors = browser.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.That(errors, Is.Empty, "browser console: " + string.Join(Environment.NewLine, errors));
    }

    private static void Screenshot(ChromeDriver browser, string name)
    {
        var folder = Path.Combine(TestServices.RepoRoot, ".local", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        browser.GetScreenshot().SaveAsFile(path);
        TestContext.Out.WriteLine($"screenshot: {path}");
    }
}
