using SolarSync.Modules.Collection.Domain;
using SolarSync.Modules.Shared.Physics;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Collection.Sources.Simulated;

/// <summary>
/// A physically based weather and plant generator, so an offline install has a plant with history.
/// Solar: SPA geometry, Ineichen clear sky, a daily sky regime (clear / broken / overcast) with an AR(1)
/// clear-sky index inside it, Erbs decomposition, and PVWatts output. Wind: an AR(1) Gaussian process mapped
/// through the normal CDF to a Weibull(k = 2) speed at 100 m, the power law down to 10 m, and the site's power
/// curve. Load: the BDEW H0 shape with the simulated temperature (<see cref="SimulatedDemand"/>). Deterministic for
/// (seed, site, hour), independent of the range asked for.
/// </summary>
internal static class SimulatedSource
{
    private const int SkyStream = 1, KcStream = 2, TempStream = 3, HumidityStream = 4, PressureStream = 5, WindStream = 6, DirectionStream = 7, DemandStream = 8;

    // Sky regimes: (probability, mean clear-sky index, spread of the hourly index).
    private static readonly (double P, double Mean, double Spread)[] Regimes = [(0.45, 0.97, 0.04), (0.33, 0.68, 0.22), (0.22, 0.28, 0.12)];

    public static IEnumerable<Observation> Generate(Site site, DateTimeOffset fromHour, DateTimeOffset toHourExclusive, int seed)
    {
        var noise = new StatelessNoise((ulong)seed, site.Id);
        for (var ts = fromHour; ts < toHourExclusive; ts = ts.AddHours(1))
            yield return Hour(site, ts, noise);
    }

    private static Observation Hour(Site site, DateTimeOffset ts, StatelessNoise noise)
    {
        var hour = ts.ToUnixTimeSeconds() / 3600;
        var day = hour / 24;
        var sun = SolarPosition.ForHour(ts, site.Latitude, site.Longitude);
        var clearSky = ClearSky.Ineichen(sun);

        var regime = PickRegime(noise.Uniform(SkyStream, day));
        var kc = Math.Clamp(regime.Mean + regime.Spread * noise.Autoregressive(KcStream, hour, 0.8, 24), 0.05, 1.08);
        var ghi = sun.ElevationDeg > 0 ? kc * clearSky.GhiWm2 : 0;
        var (dni, dhi) = Decomposition.Erbs(ghi, sun);

        // Seasonal mean falls with latitude and peaks in late July (late January south of the equator);
        // the daily swing is larger under clear skies and peaks mid-afternoon local solar time.
        var dayOfYear = ts.DayOfYear;
        var hemisphere = site.Latitude >= 0 ? 1 : -1;
        var seasonal = 25 - 0.35 * Math.Abs(site.Latitude) + 9 * hemisphere * Math.Cos(2 * Math.PI * (dayOfYear - 205) / 365.25);
        var solarHour = (ts.Hour + 0.5 + site.Longitude / 15 + 24) % 24;
        var diurnal = (2 + 5 * regime.Mean) * Math.Cos(2 * Math.PI * (solarHour - 15) / 24);
        var temp = seasonal + diurnal + 1.5 * noise.Autoregressive(TempStream, hour, 0.9, 36);
        var humidity = Math.Clamp(75 - 2.2 * diurnal - 25 * (regime.Mean - 0.6) + 6 * noise.Autoregressive(HumidityStream, hour, 0.85, 24), 8, 100);
        // Station pressure: sea-level pressure reduced by the barometric factor of the site's elevation.
        var pressure = (1013 + 6 * noise.Autoregressive(PressureStream, hour, 0.97, 72)) * Math.Exp(-(site.ElevationM ?? 0) / 8434.5);

        var windZ = noise.Autoregressive(WindStream, hour, 0.93, 60);
        var wind100 = WeibullQuantile(NormalCdf(windZ), shape: 2.0, scale: 8.0);
        var wind10 = WindPhysics.ExtrapolateSpeed(wind100, 100, 10);
        var direction = (240 + 50 * noise.Autoregressive(DirectionStream, hour, 0.95, 60) + 360) % 360;

        var weather = new Observation
        {
            SiteId = site.Id,
            Ts = ts,
            Source = ObservationSources.Simulated,
            GhiWm2 = Round(ghi),
            DniWm2 = Round(dni),
            DhiWm2 = Round(dhi),
            TempC = Round(temp),
            RelHumidityPct = Round(humidity),
            PressureHpa = Round(pressure),
            WindSpeed10mMs = Round(wind10),
            WindSpeed100mMs = Round(wind100),
            WindDirDeg = Round(direction),
            CloudCoverPct = Round(Math.Clamp((1 - kc) * 110, 0, 100)),
        };
        var power = site.Type == PlantType.Load
            ? SimulatedDemand.Kw(site, ts, temp, noise.Autoregressive(DemandStream, hour, 0.7, 24))
            : PlantOutputModel.EstimateKw(site, weather);
        return weather with { PowerKw = power is { } kw ? Round(kw) : null };
    }

    private static (double P, double Mean, double Spread) PickRegime(double u)
    {
        foreach (var regime in Regimes)
        {
            if (u < regime.P) return regime;
            u -= regime.P;
        }
        return Regimes[^1];
    }

    private static double WeibullQuantile(double p, double shape, double scale) => scale * Math.Pow(-Math.Log(1 - p), 1 / shape);

    /// <summary>Standard normal CDF via the Abramowitz–Stegun 7.1.26 erf approximation (|error| &lt; 1.5e-7).</summary>
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    private static double Round(double value) => Math.Round(value, 3);
}
