using Dapper;
using Npgsql;
using SolarSync.Modules.Prediction.Performance;

namespace SolarSync.Modules.Prediction.EvaluateForecasts;

/// <summary>prediction.forecast_accuracy_daily: realized accuracy per site, UTC day and horizon bucket.</summary>
internal sealed class ForecastAccuracyRepository(NpgsqlDataSource dataSource)
{
    private const string ComputedDaysSql = """
        SELECT DISTINCT day FROM prediction.forecast_accuracy_daily WHERE site_id = @siteId AND day BETWEEN @from AND @to
        """;

    private const string DeleteOtherHorizonsSql = """
        DELETE FROM prediction.forecast_accuracy_daily WHERE site_id = @siteId AND day = @day AND NOT (horizon = ANY(@horizons))
        """;

    // An unchanged row is not rewritten, so computed_at says when its values last changed.
    private const string UpsertSql = """
        INSERT INTO prediction.forecast_accuracy_daily AS a (site_id, day, horizon, hours, mae, rmse, nmae, bias, coverage80, model_test_nmae)
        VALUES (@SiteId, @Day, @Horizon, @Hours, @Mae, @Rmse, @Nmae, @Bias, @Coverage80, @ModelTestNmae)
        ON CONFLICT (site_id, day, horizon) DO UPDATE SET
            hours = EXCLUDED.hours, mae = EXCLUDED.mae, rmse = EXCLUDED.rmse, nmae = EXCLUDED.nmae, bias = EXCLUDED.bias,
            coverage80 = EXCLUDED.coverage80, model_test_nmae = EXCLUDED.model_test_nmae, computed_at = now()
        WHERE (a.hours, a.mae, a.rmse, a.nmae, a.bias, a.coverage80, a.model_test_nmae)
              IS DISTINCT FROM
              (EXCLUDED.hours, EXCLUDED.mae, EXCLUDED.rmse, EXCLUDED.nmae, EXCLUDED.bias, EXCLUDED.coverage80, EXCLUDED.model_test_nmae)
        """;

    private const string OverallSql = """
        SELECT day, nmae AS nmae_pct, model_test_nmae AS model_test_nmae_pct FROM prediction.forecast_accuracy_daily
        WHERE site_id = @siteId AND horizon = @horizon AND day BETWEEN @from AND @to
        ORDER BY day
        """;

    private const string OverallOfAllSitesSql = """
        SELECT site_id, day, nmae AS nmae_pct, model_test_nmae AS model_test_nmae_pct FROM prediction.forecast_accuracy_daily
        WHERE horizon = @horizon AND day BETWEEN @from AND @to
        ORDER BY site_id, day
        """;

    /// <summary>The days in [<paramref name="from"/>, <paramref name="to"/>] that have rows.</summary>
    public async Task<IReadOnlySet<DateOnly>> ComputedDaysAsync(long siteId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var days = await conn.QueryAsync<DateOnly>(new CommandDefinition(ComputedDaysSql, new { siteId, from, to }, cancellationToken: ct));
        return days.ToHashSet();
    }

    /// <summary>
    /// Makes the day's rows exactly the given ones that have hours (a bucket without hours has no row, nor a day
    /// without any), in one transaction; writing the same rows again changes nothing.
    /// </summary>
    public async Task SaveDayAsync(long siteId, DateOnly day, IEnumerable<HorizonAccuracy> rows, CancellationToken ct)
    {
        var kept = rows.Where(r => r.Hours > 0).ToList();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var horizons = kept.Select(r => r.Horizon).ToArray();
        await conn.ExecuteAsync(new CommandDefinition(DeleteOtherHorizonsSql, new { siteId, day, horizons }, tx, cancellationToken: ct));
        var args = kept.Select(r => new
        {
            SiteId = siteId,
            Day = day,
            r.Horizon,
            r.Hours,
            r.Mae,
            r.Rmse,
            Nmae = r.NmaePct,
            r.Bias,
            Coverage80 = double.IsNaN(r.Coverage80Pct) ? (double?)null : r.Coverage80Pct,
            ModelTestNmae = r.ModelTestNmaePct,
        });
        await conn.ExecuteAsync(new CommandDefinition(UpsertSql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>The "all" rows of the days in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public async Task<IReadOnlyList<DailyNmae>> ReadOverallAsync(long siteId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<DailyNmae>(new CommandDefinition(
            OverallSql, new { siteId, horizon = RealizedAccuracy.AllLabel, from, to }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>The "all" rows of every site in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public async Task<IReadOnlyList<SiteDailyNmae>> ReadOverallOfAllSitesAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<SiteDailyNmae>(new CommandDefinition(
            OverallOfAllSitesSql, new { horizon = RealizedAccuracy.AllLabel, from, to }, cancellationToken: ct));
        return rows.ToList();
    }
}

/// <summary>A site's realized nMAE of one UTC day over all horizons, and the models' test nMAE.</summary>
internal sealed record SiteDailyNmae(long SiteId, DateOnly Day, double NmaePct, double? ModelTestNmaePct);
