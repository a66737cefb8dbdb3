using System.Globalization;

namespace SolarSync.Modules.Monitoring.Console.Layout;

/// <summary>How the console writes numbers, times and ages: invariant culture, "—" for nothing.</summary>
internal static class Format
{
    public const string None = "—";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Kw(double? kw) => kw is { } v && double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 100 ? "0" : "0.0", Invariant) : None;

    public static string Pct(double? pct, string format = "0.0") => pct is { } v && double.IsFinite(v) ? v.ToString(format, Invariant) + " %" : None;

    /// <summary>A 0–1 ratio as a percentage.</summary>
    public static string Ratio(double? ratio) => ratio is { } r ? Pct(r * 100) : None;

    public static string Utc(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC" : None;

    public static string Local(DateTimeOffset t, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(t, zone).ToString("ddd yyyy-MM-dd HH:mm", Invariant);

    /// <summary>"45 s ago", "12 min ago", "5 h ago", "3 d ago" (or "in …" for a time ahead).</summary>
    public static string Age(DateTimeOffset? t, DateTimeOffset now)
    {
        if (t is not { } v) return None;
        var span = now - v;
        var ahead = span < TimeSpan.Zero;
        span = span.Duration();
        var text = span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds} s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
            : span.TotalDays < 2 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} d";
        return ahead ? "in " + text : text + " ago";
    }

    /// <summary>The site's zone, or UTC when the id is unknown to this machine.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"America/Denver (UTC−06:00 now)".</summary>
    public static string ZoneLabel(TimeZoneInfo zone, DateTimeOffset now)
    {
        var offset = zone.GetUtcOffset(now);
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        return $"{zone.Id} (UTC{sign}{offset.Duration():hh\\:mm} now)";
    }
}
