using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolarSync.Modules.Monitoring.Alerts.EvaluateAlerts;
using SolarSync.Tests.Collection.Sources;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Monitoring.Alerts;

/// <summary>
/// One real host per fixture on a clock the tests move, two webhooks on a local receiver ("ops" in JSON, "chat" in
/// Slack's shape) and Open-Meteo replayed by a local server, so collection runs fail for real when it is told to fail.
/// </summary>
[NonParallelizable]
public abstract class AlertsHost
{
    internal const string OpsPath = "/hooks/ops";
    internal const string ChatPath = "/hooks/chat";

    internal SolarSyncApp App { get; private set; } = null!;

    internal SettableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    internal WebhookReceiver Receiver { get; private set; } = null!;

    internal ReplayServer Weather { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Weather = await ReplayServer.StartAsync();
        App = await SolarSyncApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:RepeatMinutes"] = "30",
            // The test machine's disk is whatever it is; the disk rule has a test of its own.
            ["Alerts:MinFreeDiskPercent"] = "0",
            ["Alerts:DeliveryRetries"] = "2",
            ["Alerts:RetryBaseDelaySeconds"] = "0.01",
            ["Alerts:AttemptTimeoutSeconds"] = "5",
            ["Alerts:Webhooks:ops:Url"] = Receiver.UrlOf(OpsPath),
            ["Alerts:Webhooks:ops:Format"] = "json",
            ["Alerts:Webhooks:chat:Url"] = Receiver.UrlOf(ChatPath),
            ["Alerts:Webhooks:chat:Format"] = "slack",
            ["Collection:Sources:OpenMeteoForecastBaseUrl"] = Weather.BaseUrl.ToString(),
            ["Collection:Sources:MaxRetryAttempts"] = "1",
            ["Collection:Sources:RetryBaseDelaySeconds"] = "0.01",
            // The failing runs would open the circuit, and the good run after them would not reach the source.
            ["Collection:Sources:CircuitBreakerMinimumThroughput"] = "1000",
        }, services => services.AddSingleton<TimeProvider>(Clock));
        Admin = App.CreateClient(SolarSyncApp.AdminKey);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
        await Weather.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    [SetUp]
    public async Task ResetAsync()
    {
        // Whole seconds, near the database's own now() (which stamps a device's registration and a run's start).
        Clock.Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Receiver.Clear();
        Weather.AlwaysFail(_ => false, HttpStatusCode.OK);
        await App.ResetAsync();
    }

    internal void Advance(TimeSpan by) => Clock.Now += by;

    /// <summary>monitoring:evaluate-alerts as Hangfire runs it: evaluate, commit, send.</summary>
    internal async Task RunAlertsJobAsync()
    {
        await using var scope = App.Scope();
        await scope.ServiceProvider.GetRequiredService<EvaluateAlertsJob>().RunAsync(CancellationToken.None);
    }

    internal async Task<long> CreateSiteAsync(string name = "Golden")
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/sites", new { name, type = "solar", latitude = 39.74, longitude = -105.18, capacity_kw = 100 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    internal sealed record StoredAlert(long Id, string Rule, string Subject, string Severity, string Message, bool IsEvent, DateTime FiredAt,
        DateTime LastNotifiedAt, int Notifications, DateTime? ResolvedAt);

    internal sealed record StoredDelivery(long Id, long AlertId, string Webhook, string Kind, DateTime? DeliveredAt, DateTime? FailedAt, string? LastError);

    internal static async Task<List<StoredAlert>> AlertsAsync(string? rule = null)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return (await conn.QueryAsync<StoredAlert>("""
            SELECT id, rule, subject, severity, message, is_event, fired_at, last_notified_at, notifications, resolved_at
            FROM monitoring.alerts WHERE @rule::text IS NULL OR rule = @rule ORDER BY id
            """, new { rule })).ToList();
    }

    internal static async Task<List<StoredDelivery>> DeliveriesAsync(string? webhook = null)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        return (await conn.QueryAsync<StoredDelivery>("""
            SELECT id, alert_id, webhook, kind, delivered_at, failed_at, last_error FROM monitoring.alert_deliveries
            WHERE @webhook::text IS NULL OR webhook = @webhook ORDER BY id
            """, new { webhook })).ToList();
    }

    internal static async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        await conn.ExecuteAsync(sql, args);
    }
}
