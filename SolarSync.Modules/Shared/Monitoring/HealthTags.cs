namespace SolarSync.Modules.Shared.Monitoring;

public static class HealthTags
{
    /// <summary>Checks that /health/ready runs: dependencies without which requests fail.</summary>
    public const string Ready = "ready";
}
