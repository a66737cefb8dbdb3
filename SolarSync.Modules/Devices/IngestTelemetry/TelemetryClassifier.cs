using System.Text;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Devices.Connection;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Devices.IngestTelemetry;

/// <summary>
/// Decides what a message is: which device sent it, whether the topic fits the device, and whether the payload is a
/// reading that passes the same hard rules as every observation (ranges against the site's capacity, not in the
/// future). Never throws for anything a client can send.
/// </summary>
internal sealed class TelemetryClassifier(DeviceDirectory directory, IObservationValidator validator, IOptions<DevicesOptions> options, TimeProvider clock)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async ValueTask<TelemetryVerdict> ClassifyAsync(ReceivedMessage message, CancellationToken ct)
    {
        var limits = options.Value;
        if (!TelemetryTopics.TryParseData(message.Topic, out var topicType, out var deviceId))
            return TelemetryVerdict.Reject(null, Raw(message.Payload, limits.MaxPayloadBytes),
                [$"{TelemetryRules.BadTopic}: '{Clip(message.Topic)}' is not {{solar|wind|load}}/{{device_id}}/data"]);

        var device = DeviceIds.IsValid(deviceId) ? await directory.FindAsync(deviceId, ct) : null;
        var raw = Raw(message.Payload, limits.MaxPayloadBytes);
        if (message.Payload.Length > limits.MaxPayloadBytes)
            return TelemetryVerdict.Reject(device, raw,
                [$"{TelemetryRules.TooLarge}: {message.Payload.Length} bytes is more than Devices:MaxPayloadBytes ({limits.MaxPayloadBytes}); the first {limits.MaxPayloadBytes} are kept"]);
        if (device is null)
            return TelemetryVerdict.Reject(null, raw, [$"{TelemetryRules.UnknownDevice}: no device '{Clip(deviceId)}' is registered (topic {Clip(message.Topic)})"]);
        if (device.PlantType != topicType)
            return TelemetryVerdict.Reject(device, raw,
                [$"{TelemetryRules.TopicType}: device '{deviceId}' ({device.Device.Type.ToDbName()}) is at a {device.PlantType.ToDbName()} site and publishes to {device.PlantType.ToDbName()}/{deviceId}/data, not {Clip(message.Topic)}"]);

        if (TelemetryPayload.Read(message.Payload, out var reasons) is not { } reading)
            return TelemetryVerdict.Reject(device, raw, reasons);

        reasons.AddRange(CheckTime(reading.Timestamp, limits));
        var asHour = ToHourlyShape(reading, device.Site);
        reasons.AddRange(validator.HardRuleFailures(asHour, SiteLimitsOf(device.Site)).Where(r => !r.StartsWith(ValidationRuleIds.Future, StringComparison.Ordinal)));
        return reasons.Count > 0 ? TelemetryVerdict.Reject(device, raw, reasons) : TelemetryVerdict.Accept(device, reading);
    }

    private IEnumerable<string> CheckTime(DateTimeOffset ts, DevicesOptions limits)
    {
        var now = clock.GetUtcNow();
        if (ts > now.AddSeconds(limits.FutureToleranceSeconds))
            yield return $"{ValidationRuleIds.Future}: timestamp {ts:yyyy-MM-ddTHH:mm:ssZ} is more than {limits.FutureToleranceSeconds} s after now ({now:yyyy-MM-ddTHH:mm:ssZ})";
        if (ts < now.AddDays(-limits.MaxReadingAgeDays))
            yield return $"{TelemetryRules.TooOld}: timestamp {ts:yyyy-MM-ddTHH:mm:ssZ} is more than Devices:MaxReadingAgeDays ({limits.MaxReadingAgeDays}) before now";
    }

    /// <summary>The reading as the hourly row it will join, for the range rules (its own hour, so the whole-hour rule holds).</summary>
    private static Observation ToHourlyShape(TelemetryReading reading, Site site) =>
        HourlyTelemetry.ToObservation(site, new DateTimeOffset(reading.Timestamp.UtcTicks - reading.Timestamp.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero),
            reading.PowerKw, reading.GhiWm2, reading.TempC, reading.WindSpeedMs, reading.WindDirDeg);

    public static SiteLimits SiteLimitsOf(Site site) => new(site.Latitude, site.Longitude, site.CapacityKw, site.ElevationM ?? 0, site.Type == PlantType.Load);

    /// <summary>The payload as text for quarantine (PostgreSQL text holds no NUL and only valid UTF-8), at most <paramref name="maxBytes"/> of it.</summary>
    private static string Raw(byte[] payload, int maxBytes)
    {
        var kept = payload.AsSpan(0, Math.Min(payload.Length, maxBytes));
        try
        {
            var text = StrictUtf8.GetString(kept);
            if (!text.Contains('\0')) return text;
        }
        catch (DecoderFallbackException)
        {
            // Binary, or cut inside a character: kept byte for byte below.
        }
        return "base64:" + Convert.ToBase64String(kept);
    }

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
