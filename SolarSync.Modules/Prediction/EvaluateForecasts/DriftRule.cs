namespace SolarSync.Modules.Prediction.EvaluateForecasts;

/// <summary>Realized nMAE of one UTC day over all horizons, and the mean test nMAE of the models that made its forecasts.</summary>
internal sealed record DailyNmae(DateOnly Day, double NmaePct, double? ModelTestNmaePct);

/// <summary>When realized accuracy has drifted from what the model showed on its test split.</summary>
internal static class DriftRule
{
    /// <summary>Consecutive bad days that raise the alarm.</summary>
    public const int Days = 3;

    /// <summary>
    /// True when each of the <see cref="Days"/> days ending with <paramref name="lastDay"/> has a realized nMAE above
    /// <paramref name="factor"/> × the models' test nMAE. A day without a row, or whose forecasts came only from the
    /// physical stand-in (no test nMAE), cannot be judged, so it breaks the run.
    /// </summary>
    public static bool IsDrifting(IEnumerable<DailyNmae> days, DateOnly lastDay, double factor)
    {
        var byDay = days.ToDictionary(d => d.Day);
        for (var i = 0; i < Days; i++)
        {
            if (!byDay.TryGetValue(lastDay.AddDays(-i), out var day)) return false;
            if (day.ModelTestNmaePct is not { } reference || !(day.NmaePct > factor * reference)) return false;
        }

        return true;
    }
}
