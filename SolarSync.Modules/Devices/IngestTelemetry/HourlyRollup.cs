using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Devices.Data;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.IngestTelemetry;

/// <summary>
/// Turns stored readings into hourly observations of source <c>telemetry</c>: every Devices:HourlyRollupSeconds it
/// averages the site-hours that are due (over, or overtaken by a later reading) and stores them through the same
/// validation and idempotent upsert as every observation. A late reading marks its hour again and the hour is
/// re-written from all its readings, so the stored mean never depends on arrival order.
/// </summary>
internal sealed class HourlyRollup(
    PendingHourRepository pending,
    ISiteDirectory sites,
    IObservationIngest ingest,
    IOptions<DevicesOptions> options,
    TimeProvider clock,
    ILogger<HourlyRollup> logger) : BackgroundService
{
    private const int HoursPerRound = 5000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HourlyRollupSeconds), clock);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                while (await RollUpAsync(stoppingToken) == HoursPerRound) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The hours stay pending and are tried again next round.
                logger.LogWarning(e, "Hourly telemetry roll-up failed; retrying in {Seconds} s", options.Value.HourlyRollupSeconds);
            }
        }
    }

    /// <summary>Writes the hourly rows of every due site-hour; returns how many site-hours it handled.</summary>
    public async Task<int> RollUpAsync(CancellationToken ct)
    {
        var due = await pending.DueAsync(clock.GetUtcNow(), HoursPerRound, ct);
        if (due.Count == 0) return 0;

        var means = await pending.MeansAsync(due, ct);
        foreach (var siteHours in means.GroupBy(m => m.SiteId))
        {
            if (await sites.FindAsync(siteHours.Key, ct) is not { } site)
            {
                logger.LogWarning("Telemetry of site {SiteId}, which no longer exists, is not rolled up", siteHours.Key);
                continue;
            }
            var rows = siteHours.OrderBy(m => m.Hour)
                .Select(m => HourlyTelemetry.ToObservation(site, m.Hour, m.PowerKw, m.GhiWm2, m.TempC, m.WindSpeedMs, m.WindDirDeg))
                .ToList();
            await ingest.IngestAsync(site, ObservationSources.Telemetry, rows, ct);
        }
        await pending.ClearAsync(due, ct);
        return due.Count;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
