using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Prediction.Archive;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.GetHistory;

/// <summary>
/// A site's observed hours next to the archived forecast of a lead, read a day at a time: per day, the stored rows of
/// its hours and, for each hour, the values of the one forecast chosen so far. The archive's forecasts stream past and
/// are not kept, so memory does not grow with the range.
/// </summary>
internal sealed class SiteHistory(ForecastArchive archive, IObservationHistory observations) : ISiteHistory
{
    private const int ChunkHours = 24;

    // Every combination of the six flags, named once: an hour's list is shared, not built per row.
    private static readonly QualityFlags[] Flags = Enum.GetValues<QualityFlags>().Where(f => f != QualityFlags.None).ToArray();
    private static readonly IReadOnlyList<string>[] FlagNames = Enumerable.Range(0, 1 << Flags.Length)
        .Select(bits => (IReadOnlyList<string>)Flags.Where(f => (bits & (int)f) != 0).Select(f => JsonNamingPolicy.SnakeCaseLower.ConvertName(f.ToString())).ToArray())
        .ToArray();

    public async IAsyncEnumerable<HistoryHour> ReadAsync(
        Site site, DateTimeOffset from, DateTimeOffset to, ForecastLead lead, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(site);
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        RequireWholeHour(from, nameof(from));
        RequireWholeHour(to, nameof(to));
        if (to < from) throw new ArgumentException($"The end {to:O} is before the start {from:O}.", nameof(to));

        var minLead = lead.MinLeadHours();
        var hub = site.HubHeightM ?? FeatureSite.DefaultHubHeightM;
        for (var start = from; start < to; start = start.AddHours(ChunkHours))
        {
            var end = start.AddHours(ChunkHours) < to ? start.AddHours(ChunkHours) : to;
            var picks = await PickForecastsAsync(site.Id, start, end, minLead, ct);
            var rows = await observations.ReadAsync(site, start, end, ct);
            var series = HourlySeries.FromObservations(rows, start, end, hub);
            var flags = new QualityFlags[series.Count];
            var imputed = new bool[series.Count];
            foreach (var row in rows)
            {
                var offset = row.Ts.UtcTicks - start.UtcTicks;
                if (offset < 0 || offset % TimeSpan.TicksPerHour != 0 || offset / TimeSpan.TicksPerHour >= series.Count) continue;
                var i = (int)(offset / TimeSpan.TicksPerHour);
                flags[i] |= row.Flags;
                imputed[i] |= row.Imputed;
            }

            for (var i = 0; i < series.Count; i++)
            {
                var hour = start.AddHours(i);
                var pick = picks[i];
                yield return new HistoryHour(
                    hour,
                    Widen(series.PowerKw[i]),
                    Widen(series.GhiWm2[i]),
                    Widen(series.TempC[i]),
                    Widen(series.WindSpeedHubMs[i]),
                    FlagNames[(int)flags[i] & (FlagNames.Length - 1)],
                    imputed[i],
                    Finite(pick?.P50),
                    Finite(pick?.P10),
                    Finite(pick?.P90),
                    pick?.IssuedAt,
                    pick is { } p ? (int)((hour - p.IssuedAt).Ticks / TimeSpan.TicksPerHour) : null,
                    pick?.ModelVersion);
            }
        }
    }

    /// <summary>For each hour of [start, end), the point of the forecast the lead shows, or null.</summary>
    private async Task<Pick?[]> PickForecastsAsync(long siteId, DateTimeOffset start, DateTimeOffset end, int minLead, CancellationToken ct)
    {
        var count = (int)((end - start).Ticks / TimeSpan.TicksPerHour);
        var picks = new Pick?[count];
        await foreach (var forecast in archive.ReadAsync(siteId, start, end, ct))
        {
            for (var i = 0; i < count; i++)
            {
                var point = (int)((start.AddHours(i) - forecast.IssuedAt).Ticks / TimeSpan.TicksPerHour);
                if (point < minLead || point >= forecast.HorizonHours) continue;
                var candidate = new Pick(forecast.IssuedAt, forecast.HorizonHours, forecast.GeneratedAt, forecast.ModelVersion,
                    forecast.P50[point], forecast.P10[point], forecast.P90[point]);
                if (picks[i] is not { } held || candidate.Beats(held)) picks[i] = candidate;
            }
        }

        return picks;
    }

    /// <summary>One forecast's point of an hour, with what decides between forecasts of the hour.</summary>
    private readonly record struct Pick(
        DateTimeOffset IssuedAt, int HorizonHours, DateTimeOffset GeneratedAt, string ModelVersion, double P50, double P10, double P90)
    {
        // The latest issue hour; of model versions issued in the same hour the longest forecast, then the newest.
        public bool Beats(Pick other) =>
            IssuedAt != other.IssuedAt ? IssuedAt > other.IssuedAt
            : HorizonHours != other.HorizonHours ? HorizonHours > other.HorizonHours
            : GeneratedAt > other.GeneratedAt;
    }

    // HourlySeries keeps single precision. Widened through its shortest decimal form, a stored 12.3 kW shows as 12.3,
    // not as 12.300000190734863.
    private static double? Widen(float value)
    {
        if (!float.IsFinite(value)) return null;
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture);
        return double.Parse(text[..length], CultureInfo.InvariantCulture);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static void RequireWholeHour(DateTimeOffset time, string paramName)
    {
        if (time.UtcTicks % TimeSpan.TicksPerHour != 0) throw new ArgumentException($"{time:O} is not the start of a UTC hour.", paramName);
    }
}
