using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Prediction.Domain;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Archive;

/// <summary>
/// The archive of issued forecasts (docs/architecture.md §6: every issued forecast is archived). A forecast is stored once per
/// site, model version and issue hour: storing it again is a no-op, except that a longer forecast replaces a
/// shorter one of the same key (a 168 h request after a 24 h one in the same hour), so the longest is kept.
/// </summary>
internal sealed class ForecastArchive(NpgsqlDataSource dataSource)
{
    /// <summary>The longest forecast served; the table checks it too.</summary>
    public const int MaxHorizonHours = ForecastHorizon.MaxHours;

    private const string Columns = """
        site_id, model_version, issued_at, generated_at, model_type, p50, p10, p90, model_test_nmae,
        historical_context, history_hours, weather_issued_at
        """;

    // The WHERE of DO UPDATE makes the statement a no-op unless the new forecast is longer; it is atomic, so two
    // hosts storing the same hour at once keep the longer one whichever commits first. Storing a forecast already
    // archived is the common case (every uncached request of an hour after the first); NOT EXISTS makes it an index
    // read that inserts no row, so it takes no row lock and no transaction id and its commit waits for no WAL flush.
    // The conflict path alone locks the row until commit: concurrent requests of one forecast queued on it
    // (bench/serve.sh, uncached: 1 connection 11.7 -> 8.2 ms p50; see the commit message for 64 connections).
    private const string StoreSql = """
        INSERT INTO prediction.forecasts AS f (site_id, model_version, issued_at, generated_at, model_type, horizon_hours,
                                               p50, p10, p90, model_test_nmae, historical_context, history_hours, weather_issued_at)
        SELECT @SiteId, @ModelVersion, @IssuedAt, @GeneratedAt, @ModelType, @HorizonHours,
               @P50, @P10, @P90, @ModelTestNmae, @HistoricalContext, @HistoryHours, @WeatherIssuedAt
        WHERE NOT EXISTS (SELECT 1 FROM prediction.forecasts
                          WHERE site_id = @SiteId AND model_version = @ModelVersion AND issued_at = @IssuedAt
                            AND horizon_hours >= @HorizonHours)
        ON CONFLICT (site_id, model_version, issued_at) DO UPDATE SET
            generated_at = EXCLUDED.generated_at, model_type = EXCLUDED.model_type, horizon_hours = EXCLUDED.horizon_hours,
            p50 = EXCLUDED.p50, p10 = EXCLUDED.p10, p90 = EXCLUDED.p90, model_test_nmae = EXCLUDED.model_test_nmae,
            historical_context = EXCLUDED.historical_context, history_hours = EXCLUDED.history_hours,
            weather_issued_at = EXCLUDED.weather_issued_at
        WHERE EXCLUDED.horizon_hours > f.horizon_hours
        """;

    // A forecast reaches at most MaxHorizonHours past its issue hour, which bounds the index range; the last
    // condition drops the forecasts of that range that end before @from.
    private const string ReadSql = $"""
        SELECT {Columns} FROM prediction.forecasts
        WHERE site_id = @siteId AND issued_at < @until AND issued_at > @earliest
          AND issued_at + horizon_hours * interval '1 hour' > @from
        ORDER BY issued_at, model_version
        """;

    public async Task StoreAsync(SiteForecast f, CancellationToken ct)
    {
        Check(f);
        var args = new
        {
            SiteId = f.Site.Id,
            f.ModelVersion,
            IssuedAt = f.IssuedAt.ToUniversalTime(),
            GeneratedAt = f.GeneratedAt.ToUniversalTime(),
            ModelType = f.Site.Type.ToDbName(),
            HorizonHours = f.Points.Count,
            P50 = f.Points.Select(p => p.P50).ToArray(),
            P10 = f.Points.Select(p => p.P10).ToArray(),
            P90 = f.Points.Select(p => p.P90).ToArray(),
            ModelTestNmae = f.ModelTestNmaePct,
            f.Metadata.HistoricalContext,
            f.Metadata.HistoryHours,
            WeatherIssuedAt = f.Metadata.WeatherIssuedAt?.ToUniversalTime(),
        };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(StoreSql, args, cancellationToken: ct));
    }

    /// <summary>
    /// The site's archived forecasts with at least one point in the target hours [<paramref name="from"/>,
    /// <paramref name="until"/>), whole, by issue hour then model version. Streamed: a year of hourly 168 h
    /// forecasts is ~1.5 million points, which need not all be held at once.
    /// </summary>
    public async IAsyncEnumerable<ArchivedForecast> ReadAsync(
        long siteId, DateTimeOffset from, DateTimeOffset until, [EnumeratorCancellation] CancellationToken ct)
    {
        var args = new
        {
            siteId,
            from = from.ToUniversalTime(),
            until = until.ToUniversalTime(),
            earliest = from.ToUniversalTime().AddHours(-MaxHorizonHours),
        };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // Dapper's unbuffered query takes no CommandDefinition; the token reaches it through WithCancellation.
        await foreach (var row in conn.QueryUnbufferedAsync<ForecastRow>(ReadSql, args).WithCancellation(ct))
        {
            yield return row.ToForecast();
        }
    }

    private static void Check(SiteForecast f)
    {
        if (f.Points.Count is 0 or > MaxHorizonHours)
            throw new ArgumentException($"A forecast has 1 to {MaxHorizonHours} points, this one {f.Points.Count}.", nameof(f));
        var issued = f.IssuedAt.ToUniversalTime();
        if (issued.Ticks % TimeSpan.TicksPerHour != 0)
            throw new ArgumentException($"IssuedAt {f.IssuedAt:O} is not the start of an hour.", nameof(f));
        for (var i = 0; i < f.Points.Count; i++)
        {
            // The archive keeps no timestamps: they are implied by the issue hour, so they must follow it.
            if (f.Points[i].Timestamp != issued.AddHours(i))
                throw new ArgumentException($"Point {i} is at {f.Points[i].Timestamp:O}, expected {issued.AddHours(i):O} (issue hour + {i} h).", nameof(f));
        }
    }

    // A class with setters, not a positional record: Npgsql reports array columns as System.Array, which Dapper
    // cannot match with a double[] constructor parameter, while it does assign them to double[] properties.
    private sealed class ForecastRow
    {
        public long SiteId { get; set; }
        public string ModelVersion { get; set; } = "";
        public DateTime IssuedAt { get; set; }
        public DateTime GeneratedAt { get; set; }
        public string ModelType { get; set; } = "";
        public double[] P50 { get; set; } = [];
        public double[] P10 { get; set; } = [];
        public double[] P90 { get; set; } = [];
        public double? ModelTestNmae { get; set; }
        public string HistoricalContext { get; set; } = "";
        public int HistoryHours { get; set; }
        public DateTime? WeatherIssuedAt { get; set; }

        public ArchivedForecast ToForecast() => new(
            SiteId, ModelVersion, Utc(IssuedAt), Utc(GeneratedAt), ModelType, P50, P10, P90, ModelTestNmae,
            HistoricalContext, HistoryHours, WeatherIssuedAt is { } w ? Utc(w) : null);

        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
    }
}
