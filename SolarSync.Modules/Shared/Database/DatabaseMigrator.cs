using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SolarSync.Modules.Shared.Database;

/// <summary>
/// Applies db/NNNN_*.sql in name order, each once and inside its own transaction, recording it in
/// public.schema_migrations. A session-level advisory lock lets several hosts start on one database at once.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator> logger)
{
    // Any fixed 64-bit number; it only has to be the same for every SolarSync host.
    private const long MigrationLockKey = 0x501A_5_0C;

    private const string CreateJournalSql = """
        CREATE TABLE IF NOT EXISTS public.schema_migrations (
            version    text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string AppliedSql = "SELECT version FROM public.schema_migrations";
    private const string RecordSql = "INSERT INTO public.schema_migrations (version) VALUES (@version)";

    /// <summary>Applies pending migrations and returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, options.Value.MigrationsPath);
        if (Path.IsPathRooted(options.Value.MigrationsPath)) folder = options.Value.MigrationsPath;
        var scripts = Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal).ToList();
        if (scripts.Count == 0) throw new InvalidOperationException($"No migrations found in {folder} (Database:MigrationsPath).");

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }, cancellationToken: ct));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(CreateJournalSql, cancellationToken: ct));
            var applied = (await conn.QueryAsync<string>(new CommandDefinition(AppliedSql, cancellationToken: ct))).ToHashSet();
            var newlyApplied = new List<string>();
            foreach (var script in scripts)
            {
                var version = Path.GetFileNameWithoutExtension(script);
                if (applied.Contains(version)) continue;
                await using var tx = await conn.BeginTransactionAsync(ct);
                await conn.ExecuteAsync(new CommandDefinition(await File.ReadAllTextAsync(script, ct), transaction: tx, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition(RecordSql, new { version }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Version}", version);
                newlyApplied.Add(version);
            }
            return newlyApplied;
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey }, cancellationToken: CancellationToken.None));
        }
    }
}
