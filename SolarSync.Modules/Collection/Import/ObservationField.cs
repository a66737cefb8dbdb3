using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Import;

/// <summary>The measured values of an <see cref="Observation"/>, as indices into a row's value buffer.</summary>
internal enum ObservationField
{
    GhiWm2,
    DniWm2,
    DhiWm2,
    TempC,
    RelHumidityPct,
    PressureHpa,
    WindSpeed10mMs,
    WindSpeed100mMs,
    WindDirDeg,
    CloudCoverPct,
    PowerKw,
}

internal static class ObservationFields
{
    public const int Count = (int)ObservationField.PowerKw + 1;

    public static Observation Create(long siteId, DateTimeOffset hourUtc, string source, ReadOnlySpan<double?> values) =>
        new()
        {
            SiteId = siteId,
            Ts = hourUtc,
            Source = source,
            GhiWm2 = values[(int)ObservationField.GhiWm2],
            DniWm2 = values[(int)ObservationField.DniWm2],
            DhiWm2 = values[(int)ObservationField.DhiWm2],
            TempC = values[(int)ObservationField.TempC],
            RelHumidityPct = values[(int)ObservationField.RelHumidityPct],
            PressureHpa = values[(int)ObservationField.PressureHpa],
            WindSpeed10mMs = values[(int)ObservationField.WindSpeed10mMs],
            WindSpeed100mMs = values[(int)ObservationField.WindSpeed100mMs],
            WindDirDeg = values[(int)ObservationField.WindDirDeg],
            CloudCoverPct = values[(int)ObservationField.CloudCoverPct],
            PowerKw = values[(int)ObservationField.PowerKw],
        };
}
