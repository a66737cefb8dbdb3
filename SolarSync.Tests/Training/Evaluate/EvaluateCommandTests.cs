using System.Globalization;
using System.Text.Json.Nodes;
using SolarSync.Modules.Features.Domain;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Training.Evaluate;
using SolarSync.Modules.Training.Families;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Training.Evaluate;

/// <summary>The evaluate command end to end on a small simulated plant, with a tiny network so it runs in seconds.</summary>
public sealed class EvaluateCommandTests
{
    private string folder = null!;

    [SetUp]
    public void MakeFolder() => folder = Directory.CreateTempSubdirectory("solarsync-eval-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task Evaluating_a_file_reports_the_model_and_every_baseline_on_both_tracks_and_draws_the_fortnight()
    {
        var (data, site) = WriteSimulatedPlant(days: 75);
        var report = await EvaluateTinyAsync(data, site);
        var weather = report["tracks"]!["weather"]!;
        var history = report["tracks"]!["history"]!;
        Assert.Multiple(() =>
        {
            Assert.That(RowsBesideTheEnsemble(weather), Is.EquivalentTo(new[]
                { "solarsync", "gbm", "network-residual", "network", "persistence-24h", "smart-persistence", "climatology", "physical", "calibrated-physical", "regression" }));
            Assert.That(RowsBesideTheEnsemble(history), Is.EquivalentTo(new[]
                { "solarsync", "gbm", "network-residual", "network", "persistence-24h", "smart-persistence", "climatology" }));
            Assert.That(ModelFamilies.Selectable, Does.Contain(weather["selected_family"]!.GetValue<string>()));
            // The "solarsync" row is the selected family's forecast, scored the same way.
            var selected = weather["selected_family"]!.GetValue<string>();
            Assert.That(weather["models"]!["solarsync"]!["rmse"]!.GetValue<double>(), Is.EqualTo(weather["models"]![selected]!["rmse"]!.GetValue<double>()).Within(1e-9));
            // 20 % of 75 days, from the first midnight of the test part: 15 days of 24 hours.
            Assert.That(weather["test_hours"]!.GetValue<int>(), Is.EqualTo(15 * 24));
            Assert.That(weather["models"]!["solarsync"]!["coverage80"]!.GetValue<double>(), Is.InRange(0, 100));
            Assert.That(weather["models"]!["physical"]!["r2"]!.GetValue<double>(), Is.GreaterThan(0.5), "the physical model knows the simulated plant");
            Assert.That(File.Exists(Path.Combine(folder, "report.json")), Is.True);
            Assert.That(File.ReadAllBytes(Path.Combine(folder, "test-fortnight.png"))[..4], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
        });
        AssertTestHoursMatchTheReport("weather", weather, withWeatherBaselines: true);
        AssertTestHoursMatchTheReport("history", history, withWeatherBaselines: false);
    }

    /// <summary>
    /// A PV plant whose inverter trips for a day and a half in training and again in the test period: the trips are
    /// flagged by the physical outage rule (no output while the sun promises plenty), the report scores the available
    /// hours apart with the rule stated, and nothing outside the trips is flagged.
    /// </summary>
    [Test]
    public async Task A_solar_plant_that_trips_is_reported_on_all_hours_and_on_the_hours_it_was_available()
    {
        var (data, site) = WriteSimulatedPlant(days: 75);
        DateTimeOffset[] trainingTrip = [new(2024, 5, 20, 14, 0, 0, TimeSpan.Zero), new(2024, 5, 22, 0, 0, 0, TimeSpan.Zero)];
        DateTimeOffset[] testTrip = [new(2024, 7, 5, 15, 0, 0, TimeSpan.Zero), new(2024, 7, 7, 0, 0, 0, TimeSpan.Zero)];
        bool InTrip(DateTimeOffset t, DateTimeOffset[] trip) => t >= trip[0] && t < trip[1];
        File.WriteAllLines(data, File.ReadAllLines(data).Select((line, i) =>
        {
            if (i == 0) return line;
            var fields = line.Split(',');
            var hour = DateTimeOffset.Parse(fields[0], CultureInfo.InvariantCulture);
            if (InTrip(hour, trainingTrip) || InTrip(hour, testTrip)) fields[1] = "0";
            return string.Join(',', fields);
        }));
        var tracks = (await EvaluateTinyAsync(data, site))["tracks"]!;
        var lines = File.ReadAllLines(Path.Combine(folder, "test-weather.csv"));
        var rows = lines[1..].Select(l => l.Split(',')).Select(f => (Hour: DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture), Unavailable: f[6] == "true")).ToList();
        // The stop is flagged as a whole, from its first hour to the hour output returns; nights between belong to it.
        var sunnyTripHours = rows.Where(r => InTrip(r.Hour, testTrip) && r.Hour.Hour is >= 15 and <= 23).ToList();
        var flagged = rows.Count(r => r.Unavailable);
        Assert.Multiple(() =>
        {
            Assert.That(tracks.AsObject().Select(t => t.Key), Is.EquivalentTo(new[] { "weather", "weather-available", "history", "history-available" }));
            Assert.That(tracks["weather-available"]!["description"]!.GetValue<string>(), Does.Contain("PVWatts").And.Contain("clipping"));
            Assert.That(sunnyTripHours, Has.Count.EqualTo(18));
            Assert.That(sunnyTripHours.Select(r => r.Unavailable), Is.All.True, "the sunny hours of the trip");
            Assert.That(rows.Where(r => r.Unavailable).Select(r => r.Hour), Is.All.InRange(testTrip[0], testTrip[1]), "nothing outside the trip");
            Assert.That(tracks["weather"]!["test_hours"]!.GetValue<int>() - tracks["weather-available"]!["test_hours"]!.GetValue<int>(), Is.EqualTo(flagged));
        });
    }

    /// <summary>
    /// Half the array of a PV plant down through the afternoon of the clearest test day: the hours the clear sky promised
    /// plenty are flagged as derated against the plant's calibrated physics, and no other hour of the simulated clouds is.
    /// </summary>
    [Test]
    public async Task A_PV_plant_with_half_its_array_down_on_a_clear_day_is_derated_on_that_day_alone()
    {
        var (data, site) = WriteSimulatedPlant(days: 75);
        var lines = File.ReadAllLines(data);
        var header = lines[0].Split(',');
        var ghi = Array.IndexOf(header, "ghi");
        var rows = lines[1..].Select(l => l.Split(',')).ToList();
        var clearest = rows.Where(f => f[0].CompareTo("2024-07-02") >= 0 && f[ghi] != "")
            .GroupBy(f => f[0][..10]).MaxBy(day => day.Sum(f => double.Parse(f[ghi], CultureInfo.InvariantCulture)))!.Key;
        File.WriteAllLines(data, lines.Take(1).Concat(rows.Select(f =>
        {
            if (f[0].StartsWith(clearest, StringComparison.Ordinal) && int.Parse(f[0][11..13], CultureInfo.InvariantCulture) >= 14 && f[1] != "")
                f[1] = (0.5 * double.Parse(f[1], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
            return string.Join(',', f);
        })));
        var tracks = (await EvaluateTinyAsync(data, site))["tracks"]!;
        var flagged = File.ReadAllLines(Path.Combine(folder, "test-weather.csv"))[1..].Select(l => l.Split(',')).Where(f => f[6] == "true").Select(f => f[0]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(tracks["weather-available"]!["description"]!.GetValue<string>(), Does.Contain("part of the array down"));
            Assert.That(flagged, Has.Count.GreaterThanOrEqualTo(3), $"the derated afternoon of {clearest}");
            Assert.That(flagged, Is.All.StartsWith(clearest + "T"), "nothing outside it");
        });
    }

    /// <summary>Runs `evaluate` on the file with small networks and returns the report it prints (--json).</summary>
    private async Task<JsonNode> EvaluateTinyAsync(string data, string site, string? country = null)
    {
        var stdout = new StringWriter();
        var tiny = FamilyTrainers.All(configure: c => c with { Hidden = 8, Layers = 1, MaxEpochs = 3, Patience = 2 });
        string[] countryArgs = country is null ? [] : ["--country", country];

        var exit = await EvaluateCommand.RunAsync(["evaluate", "--data", data, "--site", site, .. countryArgs, "--out", folder, "--json"],
            new FeatureBuilder(), tiny, stdout, TextWriter.Null, CancellationToken.None);

        Assert.That(exit, Is.Zero);
        return JsonNode.Parse(stdout.ToString())!;
    }

    /// <summary>test-{track}.csv holds the track's test hours: recomputing RMSE from its columns gives the report's figures.</summary>
    private void AssertTestHoursMatchTheReport(string track, JsonNode report, bool withWeatherBaselines)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, $"test-{track}.csv"));
        var header = lines[0].Split(',');
        var rows = lines[1..].Select(l => l.Split(',')).ToList();
        double Rmse(string column)
        {
            var (a, c) = (Array.IndexOf(header, "actual_kw"), Array.IndexOf(header, column));
            var errors = rows.Where(r => r[a] != "" && r[c] != "").Select(r => double.Parse(r[c], CultureInfo.InvariantCulture) - double.Parse(r[a], CultureInfo.InvariantCulture)).ToList();
            return Math.Sqrt(errors.Average(e => e * e));
        }

        Assert.Multiple(() =>
        {
            Assert.That(header[..7], Is.EqualTo(new[] { "hour_utc", "actual_kw", "p10_kw", "p50_kw", "p90_kw", "counted", "unavailable" }));
            Assert.That(header, Does.Contain("gbm_kw").And.Contain("network_residual_kw").And.Contain("smart_persistence_kw"));
            Assert.That(rows, Has.Count.EqualTo(report["test_hours"]!.GetValue<int>()));
            Assert.That(Rmse("p50_kw"), Is.EqualTo(report["models"]!["solarsync"]!["rmse"]!.GetValue<double>()).Within(1e-3));
            Assert.That(Rmse("smart_persistence_kw"), Is.EqualTo(report["models"]!["smart-persistence"]!["rmse"]!.GetValue<double>()).Within(1e-3));
            if (withWeatherBaselines)
            {
                Assert.That(Rmse("physical_kw"), Is.EqualTo(report["models"]!["physical"]!["rmse"]!.GetValue<double>()).Within(1e-3));
                Assert.That(Rmse("regression_kw"), Is.EqualTo(report["models"]!["regression"]!["rmse"]!.GetValue<double>()).Within(1e-3));
            }
        });
    }

    /// <summary>
    /// A demand with a daily shape, lower weekends and German holidays, and cooling load on hot hours: the families see
    /// the calendar and the temperature, so they must beat the same hour of the week before, which knows neither.
    /// </summary>
    [Test]
    public async Task A_load_file_is_evaluated_against_the_load_baselines_with_its_countrys_holidays()
    {
        var data = Path.Combine(folder, "load.csv");
        WriteSimulatedLoad(data, new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero), days: 120);
        var site = Path.Combine(folder, "load.site.json");
        File.WriteAllText(site, """{"name": "sim-town", "type": "load", "latitude": 52.5, "longitude": 13.4, "capacity_kw": 1200}""");
        var weather = (await EvaluateTinyAsync(data, site, country: "de"))["tracks"]!["weather"]!;
        var models = weather["models"]!;
        double Rmse(string row) => models[row]!["rmse"]!.GetValue<double>();
        Assert.Multiple(() =>
        {
            Assert.That(RowsBesideTheEnsemble(weather), Is.EquivalentTo(new[]
                { "solarsync", "gbm", "network-residual", "network", "persistence-24h", "same-hour-last-week", "climatology", "calendar-profile", "regression" }));
            Assert.That(weather["description"]!.GetValue<string>(), Does.Contain("public holidays of DE").And.Contain("temperature"));
            Assert.That(Rmse("solarsync"), Is.LessThan(Rmse("same-hour-last-week")), "calendar and temperature known");
            Assert.That(Rmse("solarsync"), Is.LessThan(Rmse("calendar-profile")));
        });
    }

    [Test]
    public async Task A_load_file_without_weather_is_evaluated_on_calendar_and_history_and_the_report_says_so()
    {
        var data = Path.Combine(folder, "load.csv");
        WriteSimulatedLoad(data, new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero), days: 90, withTemperature: false);
        var site = Path.Combine(folder, "load.site.json");
        File.WriteAllText(site, """{"name": "sim-town", "type": "load", "latitude": 52.5, "longitude": 13.4, "capacity_kw": 1200}""");
        var weather = (await EvaluateTinyAsync(data, site, country: "DE"))["tracks"]!["weather"]!;
        var models = weather["models"]!;
        Assert.Multiple(() =>
        {
            Assert.That(weather["description"]!.GetValue<string>(), Does.Contain("no weather: calendar and history alone").And.Contain("public holidays of DE"));
            Assert.That(models["solarsync"]!["rmse"]!.GetValue<double>(), Is.LessThan(models["same-hour-last-week"]!["rmse"]!.GetValue<double>()),
                "the calendar (weekends, holidays) alone beats last week's hour");
        });
    }

    /// <summary>Hourly demand, kW: a daily shape, 0.7 on weekends and 0.6 on German holidays, plus cooling above 22 °C.</summary>
    private static void WriteSimulatedLoad(string path, DateTimeOffset start, int days, bool withTemperature = true)
    {
        var random = new Random(7);
        var temp = 18.0;
        using var writer = new StreamWriter(path);
        writer.WriteLine(EvaluationCsvFile.Header);
        for (var h = 0; h < days * 24; h++)
        {
            var hour = start.AddHours(h);
            temp = Math.Clamp(temp + 0.8 * (random.NextDouble() - 0.5) + 0.05 * (15 - temp), -5, 35);
            var hourTemp = temp + 5 * Math.Sin(2 * Math.PI * (hour.Hour - 9) / 24);
            var date = DateOnly.FromDateTime(hour.UtcDateTime);
            var day = hour.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.7 : 1.0;
            if (new PublicHoliday.GermanPublicHoliday().IsPublicHoliday(date.ToDateTime(TimeOnly.MinValue))) day = 0.6;
            var shape = 0.6 + 0.4 * Math.Max(0, Math.Sin(2 * Math.PI * (hour.Hour - 6) / 24));
            var kw = 800 * shape * day + 25 * Math.Max(0, hourTemp - 22) + 10 * (random.NextDouble() - 0.5);
            writer.WriteLine(FormattableString.Invariant($"{hour:yyyy-MM-ddTHH:mm:ssZ},{kw:0.###},,,,,{(withTemperature ? hourTemp.ToString("0.##", CultureInfo.InvariantCulture) : "")},,,,,"));
        }
    }

    [Test]
    public async Task Missing_arguments_print_the_usage_and_exit_2()
    {
        var stderr = new StringWriter();
        var exit = await EvaluateCommand.RunAsync(["evaluate", "--data"], new FeatureBuilder(), FamilyTrainers.All(), TextWriter.Null, stderr, CancellationToken.None);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain("usage"));
    }

    private (string Data, string Site) WriteSimulatedPlant(int days)
    {
        var site = new Site(1, "sim-pv", PlantType.Solar, 39.74, -105.18, 100, 30, 180, null, null, "UTC", false, DateTimeOffset.UnixEpoch);
        var start = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var data = Path.Combine(folder, "sim.csv");
        EvaluationCsvFile.WriteSimulated(data, site, start, days * 24, seed: 3);
        var sitePath = Path.Combine(folder, "sim.site.json");
        File.WriteAllText(sitePath, """{"name": "sim-pv", "type": "solar", "latitude": 39.74, "longitude": -105.18, "capacity_kw": 100, "tilt_deg": 30, "azimuth_deg": 180}""");
        return (data, sitePath);
    }

    /// <summary>A track's rows but the ensemble's, which is there only when both members weigh 5 % or more (FamilySelectionTests).</summary>
    private static IEnumerable<string> RowsBesideTheEnsemble(JsonNode track) =>
        track["models"]!.AsObject().Select(m => m.Key).Where(k => k != ModelFamilies.Ensemble);
}
