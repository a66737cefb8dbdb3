namespace SolarSync.Modules.Models.Registry;

/// <summary>Registry states (docs/architecture.md §5): new versions are Candidates; one Production per type; the rest Archived.</summary>
internal static class ModelStatus
{
    public const string Candidate = "candidate";
    public const string Production = "production";
    public const string Archived = "archived";
}

/// <summary>One registered model version. <see cref="MetricsJson"/> holds the test scores and the promotion gate's verdict.</summary>
internal sealed record ModelVersion(
    string ModelType,
    string Version,
    string Status,
    long? RunId,
    string MetricsJson,
    double TestNmae,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PromotedAt,
    DateTimeOffset? RolledBackAt,
    string Family);
