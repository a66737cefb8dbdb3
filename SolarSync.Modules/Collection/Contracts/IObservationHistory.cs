using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Contracts;

/// <summary>How other modules read a plant's stored hours (training samples, forecast history, realized accuracy).</summary>
public interface IObservationHistory
{
    /// <summary>
    /// The site's stored hours in [<paramref name="from"/>, <paramref name="until"/>), oldest first, several rows per
    /// hour when several sources hold it, those of one hour in <see cref="ObservationSources.ByPrecedence"/> order
    /// (lowest first, so a reader that lets a later row win believes telemetry, then meter files, … then simulation).
    /// Real sites are never mixed with simulation: a demo site reads the simulated source and its devices' telemetry,
    /// any other site every source but the simulated one.
    /// </summary>
    Task<IReadOnlyList<Observation>> ReadAsync(Site site, DateTimeOffset from, DateTimeOffset until, CancellationToken ct);
}

/// <summary>How other modules read stored weather forecasts.</summary>
public interface IWeatherForecasts
{
    /// <summary>The hours [from, until) of the site's latest forecast issued at or before <paramref name="asOf"/>, or null when none.</summary>
    Task<WeatherForecast?> LatestAsync(long siteId, DateTimeOffset asOf, DateTimeOffset from, DateTimeOffset until, CancellationToken ct);
}
