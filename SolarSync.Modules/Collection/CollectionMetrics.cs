using System.Diagnostics.Metrics;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Collection;

/// <summary>Collection's instruments on the SolarSync meter.</summary>
internal sealed class CollectionMetrics(SolarSyncMetrics metrics)
{
    private readonly Counter<long> rows = metrics.Meter.CreateCounter<long>("solarsync.collection.rows", "{row}", "Rows collected, by source and verdict (accepted, flagged, rejected, imputed).");
    private readonly Counter<long> runs = metrics.Meter.CreateCounter<long>("solarsync.collection.runs", "{run}", "Collection and import runs, by kind, source and outcome.");
    private readonly Histogram<double> quality = metrics.Meter.CreateHistogram<double>("solarsync.data_quality.score", null, "Quality score (0..1) of each validated batch, by source.");

    public void Rows(string source, string verdict, int count)
    {
        if (count > 0) rows.Add(count, new("source", source), new("verdict", verdict));
    }

    public void Run(string kind, string source, string outcome) => runs.Add(1, new("kind", kind), new("source", source), new("outcome", outcome));

    public void Quality(string source, double score) => quality.Record(score, new KeyValuePair<string, object?>("source", source));
}
