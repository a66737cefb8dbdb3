using Dapper;
using Npgsql;

namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>prediction.experiments: a partial unique index keeps one running experiment per plant type.</summary>
internal sealed class ExperimentStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = """
        id, model_type, champion_version, challenger_version, mode, strategy, percent, ramp_start_percent, ramp_step_percent,
        ramp_every_hours, ramp_max_percent, halted_percent, min_days, metric, min_improvement_pct, alpha, status, verdict,
        started_at, ended_at, analysed_at
        """;

    private const string InsertSql = """
        INSERT INTO prediction.experiments (model_type, champion_version, challenger_version, mode, strategy, percent,
            ramp_start_percent, ramp_step_percent, ramp_every_hours, ramp_max_percent, min_days, metric, min_improvement_pct, alpha,
            status, started_at)
        VALUES (@type, @championVersion, @challengerVersion, @mode, @strategy, @percent, @rampStart, @rampStep, @rampEvery, @rampMax,
            @minDays, @metric, @minImprovementPct, @alpha, 'running', @now)
        ON CONFLICT (model_type) WHERE status = 'running' DO NOTHING
        RETURNING id
        """;

    /// <summary>Starts an experiment; null when one is already running for the type.</summary>
    public async Task<Experiment?> StartAsync(string type, string championVersion, string challengerVersion, string mode, SplitSettings? split,
        int minDays, SuccessCriteria success, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(InsertSql, new
        {
            type, championVersion, challengerVersion, mode, strategy = split?.Strategy, percent = split?.Percent,
            rampStart = split?.Ramp?.StartPercent, rampStep = split?.Ramp?.StepPercent, rampEvery = split?.Ramp?.EveryHours,
            rampMax = split?.Ramp?.MaxPercent, minDays, metric = success.Metric, minImprovementPct = success.MinImprovementPct,
            alpha = success.Alpha, now = clock.GetUtcNow(),
        }, cancellationToken: ct));
        return id is { } created ? await FindAsync(created, ct) : null;
    }

    public async Task<Experiment?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM prediction.experiments WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToExperiment();
    }

    /// <summary>Every experiment, newest first.</summary>
    public async Task<IReadOnlyList<Experiment>> ListAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM prediction.experiments ORDER BY id DESC", cancellationToken: ct));
        return rows.Select(r => r.ToExperiment()).ToList();
    }

    public async Task<IReadOnlyList<Experiment>> RunningAsync(CancellationToken ct) =>
        (await ListAsync(ct)).Where(e => e.Status == Experiment.Running).ToList();

    /// <summary>Ends a running experiment as stopped or promoted; false when it was not running.</summary>
    public async Task<bool> EndAsync(long id, string status, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE prediction.experiments SET status = @status, ended_at = @now WHERE id = @id AND status = 'running'",
            new { id, status, now = clock.GetUtcNow() }, cancellationToken: ct)) == 1;
    }

    public async Task SaveAnalysisAsync(long id, string verdict, string analysisJson, double? haltedPercent, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE prediction.experiments SET verdict = @verdict, analysis = @analysisJson::jsonb, analysed_at = @now,
                halted_percent = COALESCE(halted_percent, @haltedPercent)
            WHERE id = @id
            """, new { id, verdict, analysisJson, haltedPercent, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>The last stored analysis document, or null when none was made yet.</summary>
    public async Task<string?> AnalysisAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT analysis::text FROM prediction.experiments WHERE id = @id", new { id }, cancellationToken: ct));
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string ModelType { get; init; } = "";
        public string ChampionVersion { get; init; } = "";
        public string ChallengerVersion { get; init; } = "";
        public string Mode { get; init; } = "";
        public string? Strategy { get; init; }
        public double? Percent { get; init; }
        public double? RampStartPercent { get; init; }
        public double? RampStepPercent { get; init; }
        public int? RampEveryHours { get; init; }
        public double? RampMaxPercent { get; init; }
        public double? HaltedPercent { get; init; }
        public int MinDays { get; init; }
        public string Metric { get; init; } = "";
        public double MinImprovementPct { get; init; }
        public double Alpha { get; init; }
        public string Status { get; init; } = "";
        public string Verdict { get; init; } = "";
        public DateTime StartedAt { get; init; }
        public DateTime? EndedAt { get; init; }
        public DateTime? AnalysedAt { get; init; }

        public Experiment ToExperiment()
        {
            var ramp = RampStartPercent is { } start ? new RampSchedule(start, RampStepPercent ?? 0, RampEveryHours ?? 1, RampMaxPercent ?? start) : null;
            var split = Strategy is null ? null : new SplitSettings(Strategy, Percent ?? 0, ramp);
            return new Experiment(Id, ModelType, ChampionVersion, ChallengerVersion, Mode, split, HaltedPercent, MinDays,
                new SuccessCriteria(Metric, MinImprovementPct, Alpha), Status, Verdict, Utc(StartedAt), Utc(EndedAt), Utc(AnalysedAt));
        }

        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

        private static DateTimeOffset? Utc(DateTime? t) => t is { } value ? Utc(value) : null;
    }
}
