namespace SolarSync.Modules.Models.Contracts;

/// <summary>How far ahead a forecast may reach: one week of hours, the longest horizon models are trained for.</summary>
public static class ForecastHorizon
{
    public const int MinHours = 1;
    public const int MaxHours = 168;

    public static bool IsValid(int hours) => hours is >= MinHours and <= MaxHours;

    public static void ThrowIfOutOfRange(int hours)
    {
        if (!IsValid(hours)) throw new ArgumentOutOfRangeException(nameof(hours), hours, $"A forecast covers {MinHours} to {MaxHours} hours.");
    }
}
