using Dapper;
using Npgsql;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Data;

/// <summary>Weather forecasts as issued, one row per (site, source, issue time, hour); re-storing one is a no-op.</summary>
internal sealed class WeatherForecastRepository(NpgsqlDataSource dataSource) : IWeatherForecasts
{
    private const string UpsertSql = """
        INSERT INTO collection.weather_forecasts
            (site_id, source, issued_at, ts, ghi, dni, dhi, temp_c, rel_humidity, pressure_hpa, wind_speed_10m, wind_speed_100m, wind_dir, cloud_cover)
        VALUES (@SiteId, @Source, @IssuedAt, @Ts, @GhiWm2, @DniWm2, @DhiWm2, @TempC, @RelHumidityPct, @PressureHpa, @WindSpeed10mMs,
                @WindSpeed100mMs, @WindDirDeg, @CloudCoverPct)
        ON CONFLICT (site_id, source, issued_at, ts) DO UPDATE SET
            ghi = EXCLUDED.ghi, dni = EXCLUDED.dni, dhi = EXCLUDED.dhi, temp_c = EXCLUDED.temp_c, rel_humidity = EXCLUDED.rel_humidity,
            pressure_hpa = EXCLUDED.pressure_hpa, wind_speed_10m = EXCLUDED.wind_speed_10m, wind_speed_100m = EXCLUDED.wind_speed_100m,
            wind_dir = EXCLUDED.wind_dir, cloud_cover = EXCLUDED.cloud_cover
        """;

    private const string LatestSql = """
        SELECT f.site_id, f.source, f.issued_at, f.ts, f.ghi, f.dni, f.dhi, f.temp_c, f.rel_humidity, f.pressure_hpa,
               f.wind_speed_10m, f.wind_speed_100m, f.wind_dir, f.cloud_cover
        FROM collection.weather_forecasts f
        WHERE f.site_id = @siteId AND f.ts >= @from AND f.ts < @until
          AND f.issued_at = (SELECT max(issued_at) FROM collection.weather_forecasts WHERE site_id = @siteId AND issued_at <= @asOf)
        ORDER BY f.ts
        """;

    public async Task StoreAsync(DateTimeOffset issuedAt, IReadOnlyList<Observation> hours, CancellationToken ct)
    {
        if (hours.Count == 0) return;
        var rows = hours.Select(h => new
        {
            h.SiteId, h.Source, IssuedAt = issuedAt, h.Ts, h.GhiWm2, h.DniWm2, h.DhiWm2, h.TempC, h.RelHumidityPct, h.PressureHpa,
            h.WindSpeed10mMs, h.WindSpeed100mMs, h.WindDirDeg, h.CloudCoverPct,
        });
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(UpsertSql, rows, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<WeatherForecast?> LatestAsync(long siteId, DateTimeOffset asOf,
        DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<ForecastRow>(new CommandDefinition(LatestSql, new { siteId, asOf, from, until }, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return null;
        return new WeatherForecast(Utc(rows[0].IssuedAt), rows.Select(r => r.ToObservation()).ToList());
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private sealed record ForecastRow(
        long SiteId, string Source, DateTime IssuedAt, DateTime Ts, double? Ghi, double? Dni, double? Dhi, double? TempC,
        double? RelHumidity, double? PressureHpa, double? WindSpeed10m, double? WindSpeed100m, double? WindDir, double? CloudCover)
    {
        public Observation ToObservation() => new()
        {
            SiteId = SiteId, Source = Source, Ts = Utc(Ts), GhiWm2 = Ghi, DniWm2 = Dni, DhiWm2 = Dhi, TempC = TempC,
            RelHumidityPct = RelHumidity, PressureHpa = PressureHpa, WindSpeed10mMs = WindSpeed10m, WindSpeed100mMs = WindSpeed100m,
            WindDirDeg = WindDir, CloudCoverPct = CloudCover,
        };
    }
}
