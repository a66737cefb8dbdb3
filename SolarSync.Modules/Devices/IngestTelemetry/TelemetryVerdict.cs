using SolarSync.Modules.Devices.Data;

namespace SolarSync.Modules.Devices.IngestTelemetry;

/// <summary>What became of one message: a reading of a known device, or a rejection with its reasons.</summary>
/// <param name="Device">The device the topic names, when registered (also for a rejected message).</param>
/// <param name="RawPayload">The payload as stored in quarantine: its text, or "base64:" and its bytes when not clean UTF-8 text.</param>
internal sealed record TelemetryVerdict(KnownDevice? Device, TelemetryReading? Reading, string? RawPayload, IReadOnlyList<string> Reasons)
{
    public bool Accepted => Reading is not null;

    public static TelemetryVerdict Accept(KnownDevice device, TelemetryReading reading) => new(device, reading, null, []);

    public static TelemetryVerdict Reject(KnownDevice? device, string rawPayload, IReadOnlyList<string> reasons) => new(device, null, rawPayload, reasons);
}
