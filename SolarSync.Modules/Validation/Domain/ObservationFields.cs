using System.Linq.Expressions;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Validation.Domain;

/// <summary>One numeric field of <see cref="Observation"/>, so rules can walk every field without repeating themselves.</summary>
internal sealed class ObservationField
{
    public ObservationField(string key, string label, string unit, Expression<Func<Observation, double?>> selector,
        Func<Observation, double?, Observation> with, bool isIrradiance = false, bool isCircular = false)
    {
        Key = key;
        Label = label;
        Unit = unit;
        Selector = selector;
        Get = selector.Compile();
        With = with;
        IsIrradiance = isIrradiance;
        IsCircular = isCircular;
    }

    /// <summary>The suffix of the field's range rule id ("ghi" in "range:ghi").</summary>
    public string Key { get; }
    public string Label { get; }
    public string Unit { get; }
    public Expression<Func<Observation, double?>> Selector { get; }
    public Func<Observation, double?> Get { get; }
    public Func<Observation, double?, Observation> With { get; }
    public bool IsIrradiance { get; }

    /// <summary>Degrees on a circle (wind direction): 359° and 1° are 2° apart.</summary>
    public bool IsCircular { get; }

    public override string ToString() => Key;
}

internal static class ObservationFields
{
    public static readonly ObservationField Ghi = new("ghi", "GHI", "W/m²", o => o.GhiWm2, (o, v) => o with { GhiWm2 = v }, isIrradiance: true);
    public static readonly ObservationField Dni = new("dni", "DNI", "W/m²", o => o.DniWm2, (o, v) => o with { DniWm2 = v }, isIrradiance: true);
    public static readonly ObservationField Dhi = new("dhi", "DHI", "W/m²", o => o.DhiWm2, (o, v) => o with { DhiWm2 = v }, isIrradiance: true);
    public static readonly ObservationField Temperature = new("temp", "Temperature", "°C", o => o.TempC, (o, v) => o with { TempC = v });
    public static readonly ObservationField Humidity = new("humidity", "Relative humidity", "%", o => o.RelHumidityPct, (o, v) => o with { RelHumidityPct = v });
    public static readonly ObservationField Pressure = new("pressure", "Pressure", "hPa", o => o.PressureHpa, (o, v) => o with { PressureHpa = v });
    public static readonly ObservationField WindSpeed10m = new("wind-10m", "Wind speed at 10 m", "m/s", o => o.WindSpeed10mMs, (o, v) => o with { WindSpeed10mMs = v });
    public static readonly ObservationField WindSpeed100m = new("wind-100m", "Wind speed at 100 m", "m/s", o => o.WindSpeed100mMs, (o, v) => o with { WindSpeed100mMs = v });
    public static readonly ObservationField WindDirection = new("wind-dir", "Wind direction", "°", o => o.WindDirDeg, (o, v) => o with { WindDirDeg = v }, isCircular: true);
    public static readonly ObservationField CloudCover = new("cloud", "Cloud cover", "%", o => o.CloudCoverPct, (o, v) => o with { CloudCoverPct = v });
    public static readonly ObservationField Power = new("power", "Power", "kW", o => o.PowerKw, (o, v) => o with { PowerKw = v });

    public static readonly IReadOnlyList<ObservationField> All =
        [Ghi, Dni, Dhi, Temperature, Humidity, Pressure, WindSpeed10m, WindSpeed100m, WindDirection, CloudCover, Power];
}
