using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Devices.Connection;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Prediction.Contracts;

namespace SolarSync.Modules.Devices.PublishForecasts;

/// <summary>What one publishing run did.</summary>
internal sealed record PublishResult(int Published, int Failed, int WithoutForecast);

/// <summary>
/// devices:publish-forecasts: each registered device gets its site's next 48 h, in the HTTP response shape, on
/// <c>{solar|wind|load}/{device_id}/forecast</c>, retained (a device that connects later gets the latest at once) at QoS 1.
/// A publish is tried Devices:PublishAttempts times; if any device still failed, the job fails so Hangfire retries it
/// (re-publishing a retained forecast is harmless). A device whose site has no forecast gets none.
/// </summary>
internal sealed class PublishForecastsJob(
    DeviceDirectory directory,
    ISiteForecasts forecasts,
    MqttConnection connection,
    DevicesMetrics metrics,
    IOptions<DevicesOptions> options,
    TimeProvider clock,
    ILogger<PublishForecastsJob> logger)
{
    public const string Id = "devices:publish-forecasts";
    public const int ForecastHours = 48;

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<PublishResult> RunAsync(CancellationToken ct)
    {
        var devices = await directory.AllAsync(ct);
        int published = 0, failed = 0, without = 0;
        foreach (var site in devices.GroupBy(d => d.Site.Id))
        {
            var json = await forecasts.ForecastJsonAsync(site.Key, ForecastHours, ct);
            foreach (var device in site)
            {
                if (json is null)
                {
                    without++;
                    continue;
                }
                if (await TryPublishAsync(TelemetryTopics.Forecast(device.PlantType, device.Device.DeviceId), json, ct)) published++;
                else failed++;
            }
        }

        logger.LogInformation("Forecasts published to {Published} devices ({Failed} failed, {Without} without a forecast)", published, failed, without);
        if (failed > 0)
            throw new InvalidOperationException($"{failed} of {published + failed} device forecasts could not be published to the MQTT broker.");
        return new PublishResult(published, failed, without);
    }

    private async Task<bool> TryPublishAsync(string topic, byte[] json, CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; attempt <= options.Value.PublishAttempts; attempt++)
        {
            try
            {
                await connection.PublishAsync(topic, json, retain: true, ct);
                metrics.Forecast("published");
                return true;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning("Publishing the forecast to {Topic} failed (attempt {Attempt}): {Reason}", topic, attempt, e.Message);
                if (attempt < options.Value.PublishAttempts) await Task.Delay(delay, clock, ct);
                delay *= 2;
            }
        }
        metrics.Forecast("failed");
        return false;
    }
}
