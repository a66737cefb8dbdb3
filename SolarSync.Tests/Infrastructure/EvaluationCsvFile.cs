using System.Globalization;
using System.Text;
using SolarSync.Modules.Collection.Sources.Simulated;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Tests.Infrastructure;

/// <summary>Writes a simulated plant's hours as a file in the SolarSync evaluation format.</summary>
internal static class EvaluationCsvFile
{
    public const string Header = "timestamp,power_kw,ghi,dni,dhi,ghi_clear,temp_c,wind_speed_10m,wind_speed_hub,wind_dir,pressure_hpa,rel_humidity";

    public static void WriteSimulated(string path, Site site, DateTimeOffset start, int hours, int seed)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine(Header);
        foreach (var o in SimulatedSource.Generate(site, start, start.AddHours(hours), seed))
            writer.WriteLine($"{o.Ts:yyyy-MM-ddTHH:mm:ssZ},{F(o.PowerKw)},{F(o.GhiWm2)},{F(o.DniWm2)},{F(o.DhiWm2)},,{F(o.TempC)},{F(o.WindSpeed10mMs)},{F(o.WindSpeed100mMs)},{F(o.WindDirDeg)},{F(o.PressureHpa)},{F(o.RelHumidityPct)}");
    }

    private static string F(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
}
