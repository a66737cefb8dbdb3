using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.CollectForecasts;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Monitoring.Alerts;
using SolarSync.Modules.Monitoring.Alerts.Rules;
using SolarSync.Modules.Training.Retrain;

namespace SolarSync.Tests.Monitoring.Alerts;

/// <summary>Each rule fires on its condition, made the way the product makes it, and resolves when it clears.</summary>
public sealed class AlertRulesTests : AlertsHost
{
    private async Task<StoredAlert> SingleActiveAsync(string rule)
    {
        var active = (await AlertsAsync(rule)).Where(a => a.ResolvedAt is null).ToList();
        Assert.That(active, Has.Count.EqualTo(1), $"one active {rule} alert");
        return active[0];
    }

    private async Task RunForecastCollectionAsync()
    {
        await using var scope = App.Scope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<CollectForecastsJob>().RunAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // A run with a failed site throws so that Hangfire retries it; the failed run is stored either way.
        }
    }

    [Test]
    public async Task An_upstream_weather_api_failing_the_configured_runs_in_a_row_fires_collection_failed_and_a_good_run_resolves_it()
    {
        var site = await CreateSiteAsync();
        Weather.AlwaysFail(_ => true, HttpStatusCode.ServiceUnavailable);

        await RunForecastCollectionAsync();
        await RunForecastCollectionAsync();
        await RunAlertsJobAsync();
        var afterTwo = await AlertsAsync(AlertRuleNames.CollectionFailed);
        await RunForecastCollectionAsync();
        await RunAlertsJobAsync();
        var alert = await SingleActiveAsync(AlertRuleNames.CollectionFailed);

        Weather.AlwaysFail(_ => false, HttpStatusCode.OK);
        await RunForecastCollectionAsync();
        await RunAlertsJobAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(afterTwo, Is.Empty, "two failures are fewer than Alerts:CollectionFailuresInRow (3)");
            Assert.That(alert.Subject, Is.EqualTo($"forecast/open-meteo/site/{site}"));
            Assert.That(alert.Severity, Is.EqualTo("critical"));
            Assert.That(alert.Message, Does.Contain("failed 3 times in a row").And.Contain("503"));
            Assert.That((await AlertsAsync(AlertRuleNames.CollectionFailed)).Single().ResolvedAt, Is.Not.Null, "resolved by the good run");
        });
    }

    [Test]
    public async Task A_failed_retrain_fires_retrain_failed_until_a_later_run_of_the_type_succeeds()
    {
        var runs = App.Services.GetRequiredService<TrainingRunRepository>();
        var failed = await runs.StartAsync("wind", null, "job-1", CancellationToken.None);
        await runs.FailAsync(failed, "out of memory");
        var other = await runs.StartAsync("solar", null, "job-2", CancellationToken.None);
        await runs.SucceedAsync(other, "v1", new { }, "promoted", CancellationToken.None);

        await RunAlertsJobAsync();
        var alert = await SingleActiveAsync(AlertRuleNames.RetrainFailed);
        var running = await runs.StartAsync("wind", null, "job-3", CancellationToken.None);
        await RunAlertsJobAsync();
        var whileRunning = await SingleActiveAsync(AlertRuleNames.RetrainFailed);
        await runs.SucceedAsync(running, "v2", new { }, "candidate", CancellationToken.None);
        await RunAlertsJobAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((alert.Subject, alert.Severity), Is.EqualTo(("wind", "critical")));
            Assert.That(alert.Message, Does.Contain("out of memory").And.Contain($"run {failed}"));
            Assert.That(whileRunning.Id, Is.EqualTo(alert.Id), "a run still going says nothing yet");
            Assert.That((await AlertsAsync(AlertRuleNames.RetrainFailed)).Single().ResolvedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_promotion_and_a_rollback_are_each_announced_once_as_events()
    {
        await ExecuteAsync("""
            INSERT INTO training.model_versions (model_type, version, status, metrics, test_nmae, created_at)
            VALUES ('solar', 'v1', 'candidate', '{}', 5, now()), ('solar', 'v2', 'candidate', '{}', 4, now())
            """);
        var registry = App.Services.GetRequiredService<ModelRegistry>();
        await registry.PromoteAsync("solar", "v1", CancellationToken.None);
        Advance(TimeSpan.FromMinutes(1));
        await registry.PromoteAsync("solar", "v2", CancellationToken.None);
        Advance(TimeSpan.FromMinutes(1));
        await registry.RollbackAsync("solar", CancellationToken.None);

        await RunAlertsJobAsync();
        await RunAlertsJobAsync();
        var promoted = await AlertsAsync(AlertRuleNames.ModelPromoted);
        var rolledBack = await AlertsAsync(AlertRuleNames.ModelRolledBack);

        Assert.Multiple(async () =>
        {
            Assert.That(promoted.Select(a => a.Message), Is.EquivalentTo(new[]
            {
                $"The solar model v1 became Production at {Clock.Now.AddMinutes(-2):yyyy-MM-dd'T'HH:mm:ss'Z'}.",
                $"The solar model v2 became Production at {Clock.Now.AddMinutes(-1):yyyy-MM-dd'T'HH:mm:ss'Z'}.",
            }));
            Assert.That(rolledBack.Single().Message, Does.StartWith("The solar model v2 was rolled back").And.EndWith("now serving v1."));
            Assert.That(promoted.Concat(rolledBack).All(a => a.IsEvent && a.ResolvedAt is not null), "events are over as they are announced");
            Assert.That(await DeliveriesAsync("ops"), Has.Count.EqualTo(3), "one message per event, not one per run");
        });
    }

    [Test]
    public async Task A_device_silent_for_longer_than_the_offline_window_fires_device_offline_and_its_next_message_resolves_it()
    {
        var site = await CreateSiteAsync();
        await RunAlertsJobAsync();
        var noDevices = await AlertsAsync(AlertRuleNames.DeviceOffline);
        await ExecuteAsync("""
            INSERT INTO devices.devices (device_id, device_type, site_id, registered_at, last_seen_at)
            VALUES ('inv-1', 'solar_inverter', @site, @now, @now), ('inv-2', 'solar_inverter', @site, @now, @now)
            """, new { site, now = Clock.Now });

        Advance(TimeSpan.FromMinutes(10));
        await RunAlertsJobAsync();
        var withinWindow = await AlertsAsync(AlertRuleNames.DeviceOffline);
        Advance(TimeSpan.FromMinutes(10)); // Devices:OfflineAfterMinutes is 15
        await ExecuteAsync("UPDATE devices.devices SET last_seen_at = @now WHERE device_id = 'inv-2'", new { now = Clock.Now });
        await RunAlertsJobAsync();
        var offline = await SingleActiveAsync(AlertRuleNames.DeviceOffline);
        await ExecuteAsync("UPDATE devices.devices SET last_seen_at = @now WHERE device_id = 'inv-1'", new { now = Clock.Now });
        await RunAlertsJobAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(noDevices, Is.Empty);
            Assert.That(withinWindow, Is.Empty);
            Assert.That(offline.Subject, Is.EqualTo("device/inv-1"));
            Assert.That(offline.Message, Does.Contain($"site {site}").And.Contain("more than 15 minutes"));
            Assert.That((await AlertsAsync(AlertRuleNames.DeviceOffline)).Single().ResolvedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task Data_quality_of_the_latest_day_below_the_minimum_fires_and_a_better_day_resolves_it()
    {
        var site = await CreateSiteAsync();
        var today = DateOnly.FromDateTime(Clock.Now.UtcDateTime);
        const string Upsert = """
            INSERT INTO validation.data_quality_daily (site_id, day, source, rows_accepted, rows_flagged, rows_rejected, rows_imputed,
                                                       completeness, validity, consistency, score)
            VALUES (@site, @day, 'meter', 10, 0, 14, 0, 1, @score, 1, @score)
            ON CONFLICT (site_id, source, day) DO UPDATE SET score = EXCLUDED.score, validity = EXCLUDED.validity
            """;
        await ExecuteAsync(Upsert, new { site, day = today.AddDays(-1), score = 0.95 });
        await ExecuteAsync(Upsert, new { site, day = today, score = 0.42 });

        await RunAlertsJobAsync();
        var alert = await SingleActiveAsync(AlertRuleNames.DataQuality);
        await ExecuteAsync(Upsert, new { site, day = today, score = 0.9 });
        await RunAlertsJobAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(alert.Subject, Is.EqualTo($"site/{site}"));
            Assert.That(alert.Message, Does.Contain("data quality 0.42").And.Contain("below 0.80"));
            Assert.That((await AlertsAsync(AlertRuleNames.DataQuality)).Single().ResolvedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task Forecast_drift_on_three_evaluated_days_fires_and_a_good_day_resolves_it()
    {
        var site = await CreateSiteAsync();
        var today = DateOnly.FromDateTime(Clock.Now.UtcDateTime);
        const string Upsert = """
            INSERT INTO prediction.forecast_accuracy_daily (site_id, day, horizon, hours, mae, rmse, nmae, bias, coverage80, model_test_nmae)
            VALUES (@site, @day, 'all', 24, @nmae, @nmae, @nmae, 0, 80, 4)
            ON CONFLICT (site_id, day, horizon) DO UPDATE SET nmae = EXCLUDED.nmae
            """;
        // Days 2–4 back drift (nMAE 9 % > 1.5 × 4 %); yesterday is not evaluated yet (the daily job runs after midnight).
        foreach (var back in new[] { 4, 3, 2 }) await ExecuteAsync(Upsert, new { site, day = today.AddDays(-back), nmae = 9.0 });

        await RunAlertsJobAsync();
        var alert = await SingleActiveAsync(AlertRuleNames.ForecastDrift);
        await ExecuteAsync(Upsert, new { site, day = today.AddDays(-1), nmae = 5.0 });
        await RunAlertsJobAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(alert.Subject, Is.EqualTo($"site/{site}"));
            Assert.That(alert.Message, Does.Contain("realized nMAE 9.0 %").And.Contain("test nMAE of 4.0 %"));
            Assert.That((await AlertsAsync(AlertRuleNames.ForecastDrift)).Single().ResolvedAt, Is.Not.Null, "6 % is within 1.5 × 4 %");
        });
    }

    [Test]
    public async Task The_model_store_disk_fires_below_the_minimum_free_share_and_not_above_it()
    {
        var disk = App.Services.GetRequiredService<IModelStoreDisk>();
        var space = disk.Space();
        AlertsOptions With(double minFree) => new() { MinFreeDiskPercent = minFree };

        var full = await new ModelStoreDiskAlert(disk, Options.Create(With(100))).EvaluateAsync(Clock.Now, CancellationToken.None);
        var fine = await new ModelStoreDiskAlert(disk, Options.Create(With(0))).EvaluateAsync(Clock.Now, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(space.TotalBytes, Is.GreaterThan(0));
            Assert.That(space.FreeBytes, Is.InRange(0, space.TotalBytes));
            Assert.That(full.Select(c => (c.Rule, c.Subject, c.Severity)), Is.EqualTo(new[] { (AlertRuleNames.ModelStoreDisk, "models", AlertSeverity.Critical) }));
            Assert.That(full.Single().Message, Does.Contain(space.Path).And.Contain("below 100 %"));
            Assert.That(fine, Is.Empty);
        });
    }
}
