using Dapper;
using Npgsql;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Data;

/// <summary>
/// Writes observations idempotently: binary COPY into a temporary staging table, then one
/// INSERT … ON CONFLICT (site_id, source, ts). Re-writing the same rows changes nothing.
/// </summary>
internal sealed class ObservationRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        site_id, source, ts, ghi, dni, dhi, temp_c, rel_humidity, pressure_hpa, wind_speed_10m, wind_speed_100m,
        wind_dir, cloud_cover, power_kw, quality_flags, imputed
        """;

    private const string CreateStagingSql = """
        CREATE TEMP TABLE observations_staging (LIKE collection.observations INCLUDING DEFAULTS) ON COMMIT DROP
        """;

    private const string CopySql = $"COPY observations_staging ({Columns}) FROM STDIN (FORMAT BINARY)";

    private const string EnsurePartitionsSql = "SELECT collection.ensure_observation_partitions(@from, @to)";

    // DISTINCT ON guards against a batch that repeats a key: ON CONFLICT may touch a row only once per statement.
    // An unchanged row is not rewritten, so the count is of rows new or changed.
    private const string UpsertSql = $"""
        INSERT INTO collection.observations AS o ({Columns})
        SELECT DISTINCT ON (site_id, source, ts) {Columns} FROM observations_staging ORDER BY site_id, source, ts
        ON CONFLICT (site_id, source, ts) DO UPDATE SET
            ghi = EXCLUDED.ghi, dni = EXCLUDED.dni, dhi = EXCLUDED.dhi, temp_c = EXCLUDED.temp_c,
            rel_humidity = EXCLUDED.rel_humidity, pressure_hpa = EXCLUDED.pressure_hpa,
            wind_speed_10m = EXCLUDED.wind_speed_10m, wind_speed_100m = EXCLUDED.wind_speed_100m,
            wind_dir = EXCLUDED.wind_dir, cloud_cover = EXCLUDED.cloud_cover, power_kw = EXCLUDED.power_kw,
            quality_flags = EXCLUDED.quality_flags, imputed = EXCLUDED.imputed, ingested_at = now()
        WHERE (o.ghi, o.dni, o.dhi, o.temp_c, o.rel_humidity, o.pressure_hpa, o.wind_speed_10m, o.wind_speed_100m,
               o.wind_dir, o.cloud_cover, o.power_kw, o.quality_flags, o.imputed)
            IS DISTINCT FROM
              (EXCLUDED.ghi, EXCLUDED.dni, EXCLUDED.dhi, EXCLUDED.temp_c, EXCLUDED.rel_humidity, EXCLUDED.pressure_hpa,
               EXCLUDED.wind_speed_10m, EXCLUDED.wind_speed_100m, EXCLUDED.wind_dir, EXCLUDED.cloud_cover,
               EXCLUDED.power_kw, EXCLUDED.quality_flags, EXCLUDED.imputed)
        """;

    private const string ReadSql = $"""
        SELECT {Columns} FROM collection.observations
        WHERE site_id = @siteId AND source = ANY(@sources) AND ts >= @from AND ts < @to
        ORDER BY ts, source
        """;

    // Rows of one hour come in source precedence, lowest first (ObservationSources.ByPrecedence; unknown sources first).
    private const string ReadForSiteSql = $"""
        SELECT {Columns} FROM collection.observations
        WHERE site_id = @siteId AND (source = ANY(@sources)) = @include AND ts >= @from AND ts < @to
        ORDER BY ts, array_position(@precedence, source) NULLS FIRST
        """;

    private const string LatestSql = "SELECT max(ts) FROM collection.observations WHERE site_id = @siteId AND source = @source";

    /// <returns>How many rows were new or changed.</returns>
    public async Task<int> UpsertAsync(IReadOnlyList<Observation> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return 0;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // Missing month partitions are created in a transaction of their own, before the upsert's: creating one locks the
        // parent table exclusively, and inside the upsert's transaction (which already holds a lock on the parent) two
        // imports writing at once could deadlock.
        var (from, to) = (rows.Min(r => r.Ts), rows.Max(r => r.Ts));
        await conn.ExecuteAsync(new CommandDefinition(EnsurePartitionsSql, new { from, to }, cancellationToken: ct));
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(CreateStagingSql, transaction: tx, cancellationToken: ct));
        await using (var copy = await conn.BeginRawBinaryCopyAsync(CopySql, ct))
        {
            await ObservationCopyFormat.WriteAsync(copy, rows, ct);
        }
        var written = await conn.ExecuteAsync(new CommandDefinition(UpsertSql, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return written;
    }

    public async Task<IReadOnlyList<Observation>> ReadAsync(long siteId, IReadOnlyCollection<string> sources, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<ObservationRow>(new CommandDefinition(ReadSql, new { siteId, sources = sources.ToArray(), from, to }, cancellationToken: ct));
        return rows.Select(r => r.ToObservation()).ToList();
    }

    /// <summary>
    /// The site's rows in [from, to) of the given sources (<paramref name="include"/> true) or of every other source
    /// (false), each hour's rows in source precedence, lowest first.
    /// </summary>
    public async Task<IReadOnlyList<Observation>> ReadBySourceAsync(long siteId, IReadOnlyCollection<string> sources, bool include,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var args = new { siteId, sources = sources.ToArray(), include, from, to, precedence = ObservationSources.ByPrecedence.ToArray() };
        var rows = await conn.QueryAsync<ObservationRow>(new CommandDefinition(ReadForSiteSql, args, cancellationToken: ct));
        return rows.Select(r => r.ToObservation()).ToList();
    }

    /// <summary>The start of the last stored hour of a site from one source, or null.</summary>
    public async Task<DateTimeOffset?> LatestHourAsync(long siteId, string source, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var latest = await conn.ExecuteScalarAsync<DateTime?>(new CommandDefinition(LatestSql, new { siteId, source }, cancellationToken: ct));
        return latest is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
    }

    private sealed record ObservationRow(
        long SiteId, string Source, DateTime Ts, double? Ghi, double? Dni, double? Dhi, double? TempC, double? RelHumidity,
        double? PressureHpa, double? WindSpeed10m, double? WindSpeed100m, double? WindDir, double? CloudCover,
        double? PowerKw, int QualityFlags, bool Imputed)
    {
        public Observation ToObservation() => new()
        {
            SiteId = SiteId,
            Source = Source,
            Ts = new DateTimeOffset(DateTime.SpecifyKind(Ts, DateTimeKind.Utc)),
            GhiWm2 = Ghi,
            DniWm2 = Dni,
            DhiWm2 = Dhi,
            TempC = TempC,
            RelHumidityPct = RelHumidity,
            PressureHpa = PressureHpa,
            WindSpeed10mMs = WindSpeed10m,
            WindSpeed100mMs = WindSpeed100m,
            WindDirDeg = WindDir,
            CloudCoverPct = CloudCover,
            PowerKw = PowerKw,
            Flags = (QualityFlags)QualityFlags,
            Imputed = Imputed,
        };
    }
}
