using System.Runtime.CompilerServices;
using SolarSync.Modules.Prediction.Contracts;

namespace SolarSync.Modules.Prediction.GetHistory;

/// <summary>
/// A site's hours [<see cref="From"/>, <see cref="To"/>) next to the archived forecast of <see cref="Lead"/>; kW, UTC.
/// The hours are streamed as they are read.
/// </summary>
public sealed record HistoryResponse(long SiteId, DateTime From, DateTime To, string Lead, string Unit, IAsyncEnumerable<HistoryHourView> Hours);

/// <summary>
/// One hour: observed output (kW), GHI (W/m²), air temperature (°C) and hub-height wind speed (m/s) from the believed
/// source of each; the soft-rule flags of the hour's stored rows; imputed when a row was interpolated; the forecast's
/// p50/p10/p90 (kW), its issue hour and lead (hours from it to this hour) and model version. Null where nothing was
/// stored or archived.
/// </summary>
public sealed record HistoryHourView(
    DateTime Timestamp,
    double? ObservedKw,
    double? Ghi,
    double? TempC,
    double? WindSpeedHub,
    IReadOnlyList<string> QualityFlags,
    bool Imputed,
    double? P50,
    double? P10,
    double? P90,
    DateTime? IssuedAt,
    int? LeadHours,
    string? ModelVersion)
{
    // DateTime of kind UTC, not DateTimeOffset: JSON then writes "2026-12-06T10:00:00Z", as the CSV export does.
    internal static HistoryHourView From(HistoryHour h) => new(
        h.Timestamp.UtcDateTime, h.ObservedKw, h.GhiWm2, h.TempC, h.WindSpeedHubMs, h.QualityFlags, h.Imputed,
        h.P50, h.P10, h.P90, h.IssuedAt?.UtcDateTime, h.LeadHours, h.ModelVersion);

    internal static async IAsyncEnumerable<HistoryHourView> Stream(IAsyncEnumerable<HistoryHour> hours, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var hour in hours.WithCancellation(ct)) yield return From(hour);
    }
}
