using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Prediction.Domain;
using SolarSync.Modules.Prediction.Experiments;
using SolarSync.Modules.Prediction.Intervals;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Prediction.Forecasting;

/// <summary>
/// What a forecast will be made from, known before it is computed: the parts of its cache key and the weather.
/// With <see cref="ByChallenger"/>, <see cref="ModelVersion"/> is an experiment's challenger rather than Production;
/// <see cref="ShadowVersion"/> is a challenger to compute and archive beside it.
/// </summary>
internal sealed record ForecastInputs(Site Site, int Hours, DateTimeOffset IssueHour, string? ModelVersion, WeatherForecast? Weather,
    bool ByChallenger = false, string? ShadowVersion = null)
{
    public DateTimeOffset? WeatherIssuedAt => Weather?.IssuedAt;
}

/// <summary>
/// Forecasts a site (docs/architecture.md §6): the last 48 h of stored observations, the latest stored weather forecast and the
/// Production model in memory (or an experiment's challenger, <see cref="ExperimentRouter"/>); the physical model stands in
/// where the model cannot run, and the metadata says so. Intervals are served at the width adapted to the version's
/// recent coverage at the site (<see cref="LiveIntervalWidths"/>).
/// </summary>
internal sealed class ForecastService(
    IObservationHistory history,
    IWeatherForecasts weather,
    IProductionModels models,
    IModelVersions versions,
    ExperimentRouter experiments,
    IFeatureBuilder features,
    LiveIntervalWidths widths,
    IMemoryCache memory,
    IOptions<PredictionOptions> options,
    TimeProvider clock)
{
    public const string PhysicalModel = "physical";
    private const int Lookback = ForecastLookback.Hours;

    // Observations and weather forecasts arrive hourly. Re-reading a site's inputs at most once a minute keeps cached
    // requests off the database and computed ones to the model: a forecast misses data stored in the last minute at
    // most, where a cached response (Prediction:CacheTtlMinutes) is older still.
    private static readonly TimeSpan InputRecheck = TimeSpan.FromMinutes(1);

    /// <summary>The model version and weather forecast a forecast made now would use (cheap: memory, at most one query a minute).</summary>
    public async Task<ForecastInputs> InputsAsync(Site site, int hours, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var issue = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var version = await models.VersionAsync(site.Type, ct);
        var latest = await memory.GetOrCreateAsync(("weather", site.Id, issue), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = InputRecheck;
            return await weather.LatestAsync(site.Id, now, issue, issue.AddHours(ForecastHorizon.MaxHours), ct);
        });
        return await experiments.RouteAsync(site.Type, version, ct) is { } route
            ? new ForecastInputs(site, hours, issue, route.AnsweringVersion, latest, route.ByChallenger, route.ShadowVersion)
            : new ForecastInputs(site, hours, issue, version, latest);
    }

    public async Task<SiteForecast> ForecastAsync(ForecastInputs inputs, CancellationToken ct)
    {
        var (site, hours, issue) = (inputs.Site, inputs.Hours, inputs.IssueHour);
        var featureSite = FeatureSite.From(site);
        var hub = featureSite.HubHeightM ?? FeatureSite.DefaultHubHeightM;
        var past = (await memory.GetOrCreateAsync(("history", site.Id, issue), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = InputRecheck;
            var historyFrom = issue.AddHours(-(Lookback + FeatureCatalog.MaxLookBehindHours));
            return HourlySeries.FromObservations(await history.ReadAsync(site, historyFrom, issue, ct), historyFrom, issue, hub);
        }))!;
        var forecastWeather = inputs.Weather;
        var future = forecastWeather is null ? null : HourlySeries.FromObservations(forecastWeather.Hours, issue, issue.AddHours(ForecastHorizon.MaxHours), hub);

        var historyHours = 0;
        for (var i = past.Count - Lookback; i < past.Count; i++)
        {
            if (float.IsFinite(past.PowerKw[i])) historyHours++;
        }

        var observed = historyHours >= options.Value.MinHistoryHours;
        var model = !observed ? null
            : inputs.ByChallenger ? await versions.ForecastAsync(site.Type, inputs.ModelVersion!, featureSite, past, future, issue, hours, ct)
            : await models.ForecastAsync(featureSite, past, future, issue, hours, ct);
        var modelHours = model?.P50Kw.Length ?? 0;
        var points = new ForecastPoint[hours];
        for (var k = 0; k < modelHours; k++)
        {
            points[k] = new ForecastPoint(issue.AddHours(k), model!.P50Kw[k], model.P10Kw[k], model.P90Kw[k]);
        }

        if (modelHours < hours)
        {
            var samples = features.Build(featureSite, past, future, [issue], Lookback, hours, useFutureWeather: future is not null);
            var physical = PhysicalForecast.Hours(samples, featureSite, modelHours, hours - modelHours);
            for (var k = modelHours; k < hours; k++)
            {
                var (p50, p10, p90) = physical[k - modelHours];
                points[k] = new ForecastPoint(issue.AddHours(k), p50, p10, p90);
            }
        }

        var version = model?.ModelVersion ?? PhysicalModel;
        var topKw = site.CapacityKw * SiteLimits.ForecastMaxShare(isConsumer: site.Type == PlantType.Load);
        var served = LiveIntervalWidths.Widen(points, await widths.WidthAsync(site.Id, version, ct), topKw);
        var metadata = new ForecastMetadata(observed ? "observed" : "missing", forecastWeather?.IssuedAt, "miss", historyHours);
        return new SiteForecast(site, version, issue, clock.GetUtcNow(), served, metadata, model?.TestNmaePct)
        {
            ModelFamily = model?.Family ?? PhysicalForecast.Family(site.Type),
        };
    }
}
