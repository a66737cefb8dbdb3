using Dapper;
using Npgsql;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Validation.Data;

internal sealed class DailyQualityReader(NpgsqlDataSource dataSource) : IDailyQualityReader
{
    // Weighted by rows like the quality report's summary; a day whose sources delivered no rows at all weighs each
    // source equally (greatest(…, 1)) rather than dividing by zero.
    private const string Sql = """
        SELECT site_id, day,
               sum(score * w) / sum(w) AS score, sum(completeness * w) / sum(w) AS completeness,
               sum(validity * w) / sum(w) AS validity, sum(consistency * w) / sum(w) AS consistency,
               sum(total_rows)::integer AS total_rows
        FROM (SELECT site_id, day, score, completeness, validity, consistency,
                     rows_accepted + rows_rejected + rows_imputed AS total_rows,
                     greatest(rows_accepted + rows_rejected + rows_imputed, 1)::double precision AS w
              FROM validation.data_quality_daily
              WHERE (@siteId::bigint IS NULL OR site_id = @siteId) AND day BETWEEN @from AND @to) d
        GROUP BY site_id, day
        ORDER BY site_id, day
        """;

    public async Task<IReadOnlyList<SiteDayQuality>> ReadAsync(long? siteId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<SiteDayQuality>(new CommandDefinition(Sql, new { siteId, from, to }, cancellationToken: ct));
        return rows.ToList();
    }
}
