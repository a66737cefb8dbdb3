using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Collection.IngestObservations;

/// <summary>What one run stored, by verdict.</summary>
/// <param name="Written">Rows stored that were new or changed; re-running the same input writes 0.</param>
public sealed record IngestResult(long RunId, int Accepted, int Flagged, int Rejected, int Imputed, int Written, double? QualityScore);

/// <summary>
/// The one path from a source into the store: validate in batches cut at UTC midnight, upsert accepted rows,
/// quarantine rejected ones with their reasons, record the site-day quality, and record the run. Every batch
/// commits on its own, so an interrupted run that is re-run ends with each row stored exactly once.
/// </summary>
internal sealed class ObservationIngestor(
    ObservationRepository observations,
    CollectionRunRepository runs,
    IObservationValidator validator,
    IQuarantine quarantine,
    IQualityRecorder quality,
    CollectionMetrics metrics,
    IOptions<CollectionOptions> options,
    ILogger<ObservationIngestor> logger)
{
    // The z-score rule compares against 30 days of history (docs/architecture.md §4).
    private static readonly TimeSpan HistoryWindow = TimeSpan.FromDays(30);

    public async Task<IngestResult> IngestAsync(Site site, string kind, string source, IAsyncEnumerable<Parsed> input,
        DateTimeOffset? rangeFrom, DateTimeOffset? rangeTo, CancellationToken ct)
    {
        var runId = await runs.StartAsync(kind, source, site.Id, rangeFrom, rangeTo, ct);
        var run = new RunTally();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Parsing and validating (CPU) overlap with writing the previous batch (database): a bounded channel of
        // two batches keeps memory flat whatever the input size.
        var batches = Channel.CreateBounded<ValidatedBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var writer = WriteBatchesAsync(source, batches, run, stop.Token);
        try
        {
            try
            {
                await ValidateBatchesAsync(site, source, input, batches.Writer, stop.Token);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.TryComplete(e);
                await stop.CancelAsync();
                throw;
            }
            finally
            {
                // The writer's own failure, if any, surfaces here.
                await writer;
            }

            var result = run.ToResult(runId);
            await runs.CompleteAsync(runId, new RunCounts(result.Accepted, result.Flagged, result.Rejected, result.Imputed, result.QualityScore), ct);
            metrics.Run(kind, source, "succeeded");
            logger.LogInformation("Run {RunId} ({Kind}, {Source}, site {SiteId}): {Accepted} accepted, {Flagged} flagged, {Rejected} rejected, {Imputed} imputed",
                runId, kind, source, site.Id, result.Accepted, result.Flagged, result.Rejected, result.Imputed);
            return result;
        }
        catch (Exception e)
        {
            var soFar = run.ToResult(runId);
            try
            {
                await runs.FailAsync(runId, new RunCounts(soFar.Accepted, soFar.Flagged, soFar.Rejected, soFar.Imputed, soFar.QualityScore), e.Message);
            }
            catch (Exception recording) when (recording is NpgsqlException or TimeoutException)
            {
                // The database that failed the run usually cannot record that either; the run's own error is the one
                // to report, and the record stays open until the next run of its kind closes it.
                logger.LogWarning(recording, "Could not record the failure of run {RunId}", runId);
            }
            metrics.Run(kind, source, "failed");
            throw;
        }
    }

    /// <summary>Cuts the input into batches at UTC midnight and validates each against the tail of the one before.</summary>
    private async Task ValidateBatchesAsync(Site site, string source, IAsyncEnumerable<Parsed> input, ChannelWriter<ValidatedBatch> output, CancellationToken ct)
    {
        var limits = new SiteLimits(site.Latitude, site.Longitude, site.CapacityKw, site.ElevationM ?? 0, site.Type == PlantType.Load);
        var batch = new List<Observation>();
        var parseRejections = new List<Rejection>();
        IReadOnlyList<Observation>? history = null;

        async Task FlushAsync()
        {
            if (batch.Count == 0 && parseRejections.Count == 0) return;
            ValidationOutcome? outcome = null;
            if (batch.Count > 0)
            {
                history ??= await observations.ReadAsync(site.Id, [source], batch[0].Ts - HistoryWindow, batch[0].Ts, ct);
                outcome = validator.Validate(batch, limits, history);
                var lastTs = outcome.Accepted.Count > 0 ? outcome.Accepted[^1].Ts : batch[^1].Ts;
                history = outcome.Accepted.Where(o => o.Ts > lastTs - HistoryWindow).ToList();
            }
            await output.WriteAsync(new ValidatedBatch(outcome, parseRejections), ct);
            batch = [];
            parseRejections = [];
        }

        await foreach (var parsed in input.WithCancellation(ct))
        {
            if (parsed.Rejection is { } rejection) parseRejections.Add(rejection);
            if (parsed.Observation is { } row)
            {
                if (UnstorableRow.Reason(row) is { } reason)
                {
                    parseRejections.Add(new Rejection(source, site.Id, UnstorableRow.Describe(row), [reason]));
                }
                else
                {
                    if (batch.Count >= options.Value.IngestBatchSize && row.Ts.UtcDateTime.Date != batch[^1].Ts.UtcDateTime.Date)
                        await FlushAsync();
                    batch.Add(row);
                }
            }

            // A file of nothing but bad rows must not be held in memory to its end: rejections go out in batches too.
            if (parseRejections.Count >= options.Value.IngestBatchSize)
            {
                await output.WriteAsync(new ValidatedBatch(null, parseRejections), ct);
                parseRejections = [];
            }
        }
        await FlushAsync();
    }

    /// <summary>Stores each validated batch in its own transactions: accepted rows, quarantine, site-day quality.</summary>
    private async Task WriteBatchesAsync(string source, Channel<ValidatedBatch> batches, RunTally run, CancellationToken ct)
    {
        try
        {
            await WriteEachAsync(source, batches.Reader, run, ct);
        }
        catch (Exception e)
        {
            // Closing the channel wakes the validating side if it waits on a full channel; it would wait for ever.
            batches.Writer.TryComplete(e);
            throw;
        }
    }

    // Two batches are written at once, on two connections: one batch's COPY and upsert overlap the other's, so the
    // server's upsert (the slowest step of an import) is no longer a single-file queue. Batches hold disjoint hours,
    // so the two upserts never touch the same rows.
    private const int BatchesInFlight = 2;

    private async Task WriteEachAsync(string source, ChannelReader<ValidatedBatch> input, RunTally run, CancellationToken ct)
    {
        var inFlight = new Queue<Task>();
        await foreach (var batch in input.ReadAllAsync(ct))
        {
            if (inFlight.Count >= BatchesInFlight) await inFlight.Dequeue();
            inFlight.Enqueue(WriteOneAsync(source, batch, run, ct));
        }

        while (inFlight.Count > 0) await inFlight.Dequeue();
    }

    private async Task WriteOneAsync(string source, ValidatedBatch batch, RunTally run, CancellationToken ct)
    {
        var (outcome, parseRejections) = batch;
        if (outcome is not null)
        {
            // Three independent transactions (each idempotent): the site-day quality is computed and stored
            // while the server runs the upsert, instead of after it.
            var upsert = observations.UpsertAsync(outcome.Accepted, ct);
            await Task.WhenAll(upsert, quarantine.StoreAsync(outcome.Rejected, ct), quality.RecordAsync(source, outcome, ct));
            lock (run)
            {
                run.AddWritten(upsert.Result);
                run.Add(outcome);
            }

            metrics.Quality(source, outcome.Score.Overall);
            CountRows(source, outcome);
        }

        if (parseRejections.Count > 0)
        {
            await quarantine.StoreAsync(parseRejections, ct);
            lock (run) run.AddUnparsed(parseRejections.Count);
            metrics.Rows(source, "rejected", parseRejections.Count);
        }
    }

    private sealed record ValidatedBatch(ValidationOutcome? Outcome, List<Rejection> ParseRejections);

    private void CountRows(string source, ValidationOutcome outcome)
    {
        var flagged = outcome.Accepted.Count(o => o.Flags != QualityFlags.None);
        var imputed = outcome.Accepted.Count(o => o.Imputed);
        metrics.Rows(source, "accepted", outcome.Accepted.Count - imputed);
        metrics.Rows(source, "flagged", flagged);
        metrics.Rows(source, "imputed", imputed);
        metrics.Rows(source, "rejected", outcome.Rejected.Count);
    }

    /// <summary>Counts over all batches; the run's quality score is the row-weighted mean of the batch scores.</summary>
    private sealed class RunTally
    {
        private int accepted, flagged, rejected, imputed, written;
        private double weightedScore, scoreWeight;

        public void Add(ValidationOutcome outcome)
        {
            var imputedRows = outcome.Accepted.Count(o => o.Imputed);
            accepted += outcome.Accepted.Count - imputedRows;
            imputed += imputedRows;
            flagged += outcome.Accepted.Count(o => o.Flags != QualityFlags.None);
            rejected += outcome.Rejected.Count;
            var rows = outcome.Accepted.Count + outcome.Rejected.Count;
            weightedScore += outcome.Score.Overall * rows;
            scoreWeight += rows;
        }

        public void AddWritten(int rows) => written += rows;

        public void AddUnparsed(int count)
        {
            rejected += count;
            // Unreadable rows count against validity like rejected ones: score them 0.
            scoreWeight += count;
        }

        public IngestResult ToResult(long runId) =>
            new(runId, accepted, flagged, rejected, imputed, written, scoreWeight > 0 ? weightedScore / scoreWeight : null);
    }
}
