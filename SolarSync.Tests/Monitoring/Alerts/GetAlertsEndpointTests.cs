using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Monitoring.Alerts.EvaluateAlerts;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Monitoring.Alerts;

/// <summary>GET /admin/alerts, the solarsync_alerts_active gauge and the job's schedule, on the real host.</summary>
public sealed class GetAlertsEndpointTests : AlertsHost
{
    /// <summary>A wind retrain that failed and then succeeded (resolved), and a solar one that failed (active).</summary>
    private async Task OneResolvedAndOneActiveAsync()
    {
        var runs = App.Services.GetRequiredService<TrainingRunRepository>();
        await runs.FailAsync(await runs.StartAsync("wind", null, "w1", CancellationToken.None), "disk full");
        await RunAlertsJobAsync();
        Advance(TimeSpan.FromMinutes(1));
        await runs.SucceedAsync(await runs.StartAsync("wind", null, "w2", CancellationToken.None), "v1", new { }, "candidate", CancellationToken.None);
        await runs.FailAsync(await runs.StartAsync("solar", null, "s1", CancellationToken.None), "no observations");
        await RunAlertsJobAsync();
    }

    [Test]
    public async Task Alerts_need_an_admin_key()
    {
        using var anonymous = App.CreateClient(apiKey: null);
        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);

        Assert.Multiple(async () =>
        {
            Assert.That((await anonymous.GetAsync("/admin/alerts")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await reader.GetAsync("/admin/alerts")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task All_lists_the_active_alert_first_then_the_resolved_one_with_their_times()
    {
        await OneResolvedAndOneActiveAsync();

        var page = await Admin.GetFromJsonAsync<JsonObject>("/admin/alerts?state=all");
        var alerts = page!["alerts"]!.AsArray().Select(a => a!.AsObject()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(((string?)page["state"], (int)page["limit"]!, (int)page["active"]!), Is.EqualTo(("all", 100, 1)));
            Assert.That(alerts.Select(a => ((string?)a["rule"], (string?)a["subject"], (bool)a["active"]!)),
                Is.EqualTo(new[] { ("retrain-failed", "solar", true), ("retrain-failed", "wind", false) }));
            Assert.That(alerts.Select(a => a.Select(p => p.Key).Order()), Is.All.EqualTo(new[]
                { "active", "fired_at", "id", "is_event", "last_notified_at", "message", "notifications", "resolved_at", "rule", "severity", "subject" }));
            Assert.That(alerts[0]["resolved_at"], Is.Null);
            Assert.That(DateTimeOffset.Parse((string)alerts[1]["resolved_at"]!), Is.EqualTo(Clock.Now));
            Assert.That(DateTimeOffset.Parse((string)alerts[1]["fired_at"]!), Is.EqualTo(Clock.Now.AddMinutes(-1)));
            Assert.That((string?)alerts[0]["message"], Does.Contain("no observations"));
        });
    }

    [Test]
    public async Task Active_leaves_out_resolved_alerts_and_limit_caps_the_list()
    {
        await OneResolvedAndOneActiveAsync();

        var active = await Admin.GetFromJsonAsync<JsonObject>("/admin/alerts?state=active");
        var one = await Admin.GetFromJsonAsync<JsonObject>("/admin/alerts?limit=1");

        Assert.Multiple(() =>
        {
            Assert.That(active!["alerts"]!.AsArray().Select(a => (string?)a!["subject"]), Is.EqualTo(new[] { "solar" }));
            Assert.That(one!["alerts"]!.AsArray().Select(a => (string?)a!["subject"]), Is.EqualTo(new[] { "solar" }));
        });
    }

    [TestCase("state=open", "state")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=ten", "limit")]
    public async Task A_bad_query_is_a_problem_naming_the_field(string query, string field)
    {
        var response = await Admin.GetAsync($"/admin/alerts?{query}");
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        });
    }

    [Test]
    public async Task The_active_alerts_by_rule_appear_in_metrics()
    {
        await OneResolvedAndOneActiveAsync();

        var text = await Admin.GetStringAsync("/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Match(@"solarsync_alerts_active\{[^}]*rule=""retrain-failed""[^}]*\} 1"));
            Assert.That(text, Does.Match(@"solarsync_alerts_active\{[^}]*rule=""device-offline""[^}]*\} 0"));
        });
    }

    [Test]
    public void The_evaluation_is_a_recurring_job_every_minute()
    {
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs().SingleOrDefault(j => j.Id == EvaluateAlertsJob.Id);

        Assert.That((job?.Cron, job?.Queue), Is.EqualTo(("* * * * *", "default")));
    }
}
