using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Monitoring.Alerts.EvaluateAlerts;
using SolarSync.Modules.Monitoring.Alerts.Rules;
using SolarSync.Modules.Training.Retrain;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Monitoring.Alerts;

/// <summary>
/// An alert's messages: fired once, repeated at most every Alerts:RepeatMinutes (30 here) while active, resolved once;
/// their JSON and Slack shapes as the receiver got them; retries, and dead letters when a webhook never answers well.
/// </summary>
public sealed class AlertNotificationTests : AlertsHost
{
    private async Task FailRetrainAsync()
    {
        var runs = App.Services.GetRequiredService<TrainingRunRepository>();
        await runs.FailAsync(await runs.StartAsync("solar", null, "job-1", CancellationToken.None), "no observations");
    }

    private async Task SucceedRetrainAsync()
    {
        var runs = App.Services.GetRequiredService<TrainingRunRepository>();
        var run = await runs.StartAsync("solar", null, "job-2", CancellationToken.None);
        await runs.SucceedAsync(run, "v1", new { }, "promoted", CancellationToken.None);
    }

    private IEnumerable<string?> Notifications(string path) => Receiver.Received(path).Select(m => (string?)m["notification"]);

    [Test]
    public async Task An_alert_fires_once_repeats_at_the_bounded_rate_while_active_and_sends_one_resolved_message()
    {
        await FailRetrainAsync();

        await RunAlertsJobAsync();
        await RunAlertsJobAsync();
        var afterFire = Notifications(OpsPath).ToList();
        Advance(TimeSpan.FromMinutes(29));
        await RunAlertsJobAsync();
        var before30 = Notifications(OpsPath).ToList();
        Advance(TimeSpan.FromMinutes(1));
        await RunAlertsJobAsync();
        Advance(TimeSpan.FromMinutes(1));
        await RunAlertsJobAsync();
        var afterRepeat = Notifications(OpsPath).ToList();
        Advance(TimeSpan.FromMinutes(40));
        await SucceedRetrainAsync();
        await RunAlertsJobAsync();
        await RunAlertsJobAsync();

        var alert = (await AlertsAsync(AlertRuleNames.RetrainFailed)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(afterFire, Is.EqualTo(new[] { "fired" }));
            Assert.That(before30, Is.EqualTo(new[] { "fired" }));
            Assert.That(afterRepeat, Is.EqualTo(new[] { "fired", "repeat" }));
            Assert.That(Notifications(OpsPath), Is.EqualTo(new[] { "fired", "repeat", "resolved" }), "resolving ends the repeats without another");
            Assert.That(alert.Notifications, Is.EqualTo(2));
            Assert.That(alert.ResolvedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_retried_evaluation_never_queues_a_second_fired_message()
    {
        await FailRetrainAsync();
        await using var scope = App.Scope();
        var job = scope.ServiceProvider.GetRequiredService<EvaluateAlertsJob>();

        // As if the first run died after its commit and before sending: the retry sends what was queued, once.
        var first = await job.EvaluateAsync(CancellationToken.None);
        await RunAlertsJobAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(first.Fired, Is.EqualTo(1));
            Assert.That(Notifications(OpsPath), Is.EqualTo(new[] { "fired" }));
            Assert.That((await DeliveriesAsync()).Select(d => (d.Webhook, d.Kind, d.DeliveredAt is not null)),
                Is.EquivalentTo(new[] { ("ops", "fired", true), ("chat", "fired", true) }));
        });
    }

    [Test]
    public async Task The_json_webhook_gets_the_alert_as_an_object_and_the_slack_webhook_a_text()
    {
        await FailRetrainAsync();
        await RunAlertsJobAsync();
        var fireTime = Clock.Now;
        Advance(TimeSpan.FromMinutes(5));
        await SucceedRetrainAsync();
        await RunAlertsJobAsync();

        var json = Receiver.Received(OpsPath);
        var slack = Receiver.Received(ChatPath);
        var alertId = (await AlertsAsync()).Single().Id;
        Assert.Multiple(() =>
        {
            Assert.That(json, Has.Count.EqualTo(2));
            var fired = json[0];
            Assert.That(fired.Select(p => p.Key), Is.EquivalentTo(new[]
                { "alert_id", "rule", "subject", "severity", "state", "notification", "message", "fired_at", "resolved_at", "sent_at" }));
            Assert.That(((long)fired["alert_id"]!, (string?)fired["rule"], (string?)fired["subject"], (string?)fired["severity"], (string?)fired["state"]),
                Is.EqualTo((alertId, "retrain-failed", "solar", "critical", "firing")));
            Assert.That((string?)fired["message"], Does.Contain("no observations"));
            Assert.That(DateTimeOffset.Parse((string)fired["fired_at"]!), Is.EqualTo(fireTime));
            Assert.That(fired["resolved_at"], Is.Null);
            var resolved = json[1];
            Assert.That(((string?)resolved["state"], (string?)resolved["notification"]), Is.EqualTo(("resolved", "resolved")));
            Assert.That(DateTimeOffset.Parse((string)resolved["resolved_at"]!), Is.EqualTo(fireTime.AddMinutes(5)));

            Assert.That(slack.Select(m => m.Select(p => p.Key).Single()), Is.EqualTo(new[] { "text", "text" }), "Slack's shape: text only");
            Assert.That((string?)slack[0]["text"], Does.StartWith("[FIRING] critical retrain-failed solar: Retrain of the solar model failed"));
            Assert.That((string?)slack[1]["text"], Does.StartWith("[RESOLVED] critical retrain-failed solar:"));
        });
    }

    [Test]
    public async Task A_webhook_answering_500_then_200_gets_a_retry_and_one_delivery()
    {
        Receiver.FailNext(OpsPath, 1);
        await FailRetrainAsync();

        await RunAlertsJobAsync();
        await RunAlertsJobAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(Receiver.Received(OpsPath).Select(m => (string?)m["notification"]), Is.EqualTo(new[] { "fired", "fired" }),
                "the first attempt answered 500, the retry 200");
            var delivery = (await DeliveriesAsync("ops")).Single();
            Assert.That((delivery.DeliveredAt is not null, delivery.FailedAt, delivery.LastError), Is.EqualTo((true, (DateTime?)null, (string?)null)));
        });
    }

    [Test]
    public async Task A_webhook_that_always_fails_ends_in_dead_letters_one_message_per_run_and_the_other_webhook_gets_every_message()
    {
        Receiver.FailAlways(ChatPath);
        var runs = App.Services.GetRequiredService<TrainingRunRepository>();
        await runs.FailAsync(await runs.StartAsync("solar", null, "s1", CancellationToken.None), "no observations");
        await runs.FailAsync(await runs.StartAsync("wind", null, "w1", CancellationToken.None), "no observations");

        await RunAlertsJobAsync();
        var attemptsInFirstRun = Receiver.Received(ChatPath).Count;
        var chatAfterFirstRun = await DeliveriesAsync("chat");
        await RunAlertsJobAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(attemptsInFirstRun, Is.EqualTo(3), "one message: the first attempt and Alerts:DeliveryRetries (2) retries");
            Assert.That(chatAfterFirstRun.Select(d => d.FailedAt is not null), Is.EqualTo(new[] { true, false }), "the second waits for the next run");
            Assert.That(Receiver.Received(ChatPath), Has.Count.EqualTo(6));
            var dead = await DeliveriesAsync("chat");
            Assert.That(dead.Select(d => (d.DeliveredAt, d.FailedAt is not null)), Is.All.EqualTo(((DateTime?)null, true)));
            Assert.That(dead.Select(d => d.LastError), Is.All.Contains("HTTP 500"));
            Assert.That((await DeliveriesAsync("ops")).Select(d => d.DeliveredAt is not null), Is.EqualTo(new[] { true, true }));
            Assert.That(await DeadLettersAsync(), Is.EquivalentTo(new[] { ("chat", "retrain-failed", "solar"), ("chat", "retrain-failed", "wind") }));
        });
    }

    private static async Task<List<(string Webhook, string Rule, string Subject)>> DeadLettersAsync()
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return (await conn.QueryAsync<(string, string, string)>("SELECT webhook, rule, subject FROM monitoring.alert_dead_letters")).ToList();
    }
}
