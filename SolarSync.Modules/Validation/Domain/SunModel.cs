using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Modules.Validation.Domain;

/// <summary>The sun over one site: the seam between the validation rules and the solar geometry.</summary>
internal interface ISunModel
{
    /// <summary>The sun representing the hour that starts at <paramref name="hourStartUtc"/>.</summary>
    SolarAngles Sun(DateTimeOffset hourStartUtc);

    ClearSkyIrradiance ClearSky(SolarAngles sun);
}

/// <summary>NREL SPA position at mid-hour and Ineichen–Perez clear sky (default Linke turbidity) for one site.</summary>
internal sealed class PhysicsSunModel(double latitudeDeg, double longitudeDeg, double altitudeM) : ISunModel
{
    public SolarAngles Sun(DateTimeOffset hourStartUtc) => SolarPosition.ForHour(hourStartUtc, latitudeDeg, longitudeDeg, altitudeM);

    public ClearSkyIrradiance ClearSky(SolarAngles sun) => Shared.Physics.ClearSky.Ineichen(sun, altitudeM);
}

/// <summary>Computes each hour's sun and clear sky once per validation, however many rules ask.</summary>
internal sealed class CachedSunModel(ISunModel inner) : ISunModel
{
    private readonly Dictionary<DateTimeOffset, SolarAngles> _suns = [];
    private readonly Dictionary<SolarAngles, ClearSkyIrradiance> _clearSkies = [];

    public SolarAngles Sun(DateTimeOffset hourStartUtc)
    {
        if (!_suns.TryGetValue(hourStartUtc, out var sun))
            _suns[hourStartUtc] = sun = inner.Sun(hourStartUtc);
        return sun;
    }

    public ClearSkyIrradiance ClearSky(SolarAngles sun)
    {
        if (!_clearSkies.TryGetValue(sun, out var clearSky))
            _clearSkies[sun] = clearSky = inner.ClearSky(sun);
        return clearSky;
    }
}
