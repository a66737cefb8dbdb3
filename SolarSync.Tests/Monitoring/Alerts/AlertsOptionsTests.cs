using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using SolarSync.Modules.Monitoring.Alerts;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Monitoring.Alerts;

public sealed class AlertsOptionsTests
{
    [TestCase("Webhooks:ops:Url", "hooks.example.com/ops", "Alerts:Webhooks:ops:Url")]
    [TestCase("Webhooks:ops:Format", "teams", "Alerts:Webhooks:ops:Format")]
    [TestCase("MinQuality", "1.5", "Alerts:MinQuality")]
    [TestCase("RepeatMinutes", "0", "Alerts:RepeatMinutes")]
    [TestCase("EvaluateCron", "every minute", "Alerts:EvaluateCron")]
    public async Task A_bad_value_stops_the_host_at_start_up_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Alerts:Webhooks:ops:Url"] = "https://hooks.example.com/ops", [$"Alerts:{key}"] = value };

        var error = await StartWithAsync(settings);

        // Validators of the webhook client's resilience options read these options at start too: the same failure, wrapped.
        Assert.That(error, Is.Not.Null, "the host started");
        var parts = error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [error!];
        Assert.That(parts, Is.Not.Empty.And.All.InstanceOf<OptionsValidationException>());
        Assert.That(parts.Select(p => p.Message), Has.Some.Contains(named));
    }

    [Test]
    public async Task Webhooks_of_both_formats_start()
    {
        var error = await StartWithAsync(new Dictionary<string, string?>
        {
            ["Alerts:Webhooks:ops:Url"] = "https://hooks.example.com/ops",
            ["Alerts:Webhooks:chat:Url"] = "http://127.0.0.1:9/chat",
            ["Alerts:Webhooks:chat:Format"] = "slack",
        });

        Assert.That(error, Is.Null);
    }

    private static async Task<Exception?> StartWithAsync(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        // What the alerts take from the host: the database and the meter.
        builder.Services.AddSingleton(NpgsqlDataSource.Create(TestServices.Postgres));
        builder.Services.AddMetrics().AddSingleton<SolarSyncMetrics>();
        builder.AddAlerts();
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
