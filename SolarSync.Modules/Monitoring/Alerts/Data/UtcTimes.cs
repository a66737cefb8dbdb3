namespace SolarSync.Modules.Monitoring.Alerts.Data;

internal static class UtcTimes
{
    /// <summary>A timestamptz as Npgsql reads it (a UTC DateTime) as a DateTimeOffset.</summary>
    public static DateTimeOffset ToUtc(this DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
