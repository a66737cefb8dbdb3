using System.Diagnostics.CodeAnalysis;
using SolarSync.Modules.Prediction.Contracts;

namespace SolarSync.Modules.Prediction.GetHistory;

/// <summary>The query names of <see cref="ForecastLead"/> ("day-ahead", "6h", "latest") and the least lead each allows.</summary>
internal static class ForecastLeads
{
    public const string DayAheadName = "day-ahead";
    public const string SixHoursName = "6h";
    public const string LatestName = "latest";

    public static string Name(this ForecastLead lead) => lead switch
    {
        ForecastLead.DayAhead => DayAheadName,
        ForecastLead.SixHours => SixHoursName,
        ForecastLead.Latest => LatestName,
        _ => throw new ArgumentOutOfRangeException(nameof(lead), lead, null),
    };

    /// <summary>Hours from a forecast's issue hour to the target hour at least: its point 0 is the issue hour itself.</summary>
    public static int MinLeadHours(this ForecastLead lead) => lead switch
    {
        ForecastLead.DayAhead => 24,
        ForecastLead.SixHours => 6,
        ForecastLead.Latest => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(lead), lead, null),
    };

    public static bool TryParse(string text, [NotNullWhen(true)] out ForecastLead? lead)
    {
        lead = text.ToLowerInvariant() switch
        {
            DayAheadName => ForecastLead.DayAhead,
            SixHoursName => ForecastLead.SixHours,
            LatestName => ForecastLead.Latest,
            _ => null,
        };
        return lead is not null;
    }
}
