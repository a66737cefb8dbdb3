using Dapper;
using Npgsql;
using NpgsqlTypes;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Validation.Data;

internal sealed class QuarantineRepository(NpgsqlDataSource dataSource) : IQuarantine
{
    private const string CreateStagingSql = """
        CREATE TEMP TABLE quarantine_staging (source text, site_id bigint, raw_payload text, reasons text[]) ON COMMIT DROP
        """;

    private const string CopySql = "COPY quarantine_staging (source, site_id, raw_payload, reasons) FROM STDIN (FORMAT BINARY)";

    private const string InsertSql = """
        INSERT INTO validation.quarantine (source, site_id, raw_payload, reasons)
        SELECT source, site_id, raw_payload, reasons FROM quarantine_staging
        ON CONFLICT (source, coalesce(site_id, 0), payload_hash) DO NOTHING
        """;

    // PostgreSQL text cannot hold NUL, and refused input is exactly where one turns up: it is kept as U+2400 (␀), visibly.
    private static string Storable(string text) => text.Contains('\0') ? text.Replace('\0', '\u2400') : text;

    public async Task<int> StoreAsync(IReadOnlyList<Rejection> rejections, CancellationToken ct)
    {
        if (rejections.Count == 0) return 0;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(CreateStagingSql, transaction: tx, cancellationToken: ct));
        await using (var writer = await conn.BeginBinaryImportAsync(CopySql, ct))
        {
            foreach (var r in rejections)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(r.Source, NpgsqlDbType.Text, ct);
                if (r.SiteId is { } siteId) await writer.WriteAsync(siteId, NpgsqlDbType.Bigint, ct);
                else await writer.WriteNullAsync(ct);
                await writer.WriteAsync(Storable(r.RawPayload), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r.Reasons.Select(Storable).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            }
            await writer.CompleteAsync(ct);
        }
        var inserted = await conn.ExecuteAsync(new CommandDefinition(InsertSql, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return inserted;
    }
}
