using System.Globalization;
using SolarSync.Modules.Models.Contracts;

namespace SolarSync.Modules.Prediction.Api;

/// <summary>Parses query parameters into values or errors keyed by the parameter's name (for 400 problem details).</summary>
internal sealed class ForecastQuery
{
    public const int DefaultHours = 24;

    public Dictionary<string, string[]> Errors { get; } = [];

    public int Hours(string? text, int defaultHours = DefaultHours)
    {
        if (string.IsNullOrWhiteSpace(text)) return defaultHours;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var hours))
        {
            Errors["hours"] = [$"'hours' must be a whole number of hours from 1 to {ForecastHorizon.MaxHours}, not '{text}'."];
            return 0;
        }

        if (!ForecastHorizon.IsValid(hours)) Errors["hours"] = [$"'hours' must be from 1 to {ForecastHorizon.MaxHours}, not {hours}."];
        return hours;
    }

    public long SiteId(string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Errors[name] = [$"'{name}' is required."];
            return 0;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            Errors[name] = [$"'{name}' must be a site id (a positive whole number), not '{text}'."];
        return id;
    }

    public double Coordinate(string name, string? text, double limit)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Errors[name] = [$"'{name}' is required."];
            return double.NaN;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Errors[name] = [$"'{name}' must be a number in degrees, not '{text}'."];
            return double.NaN;
        }

        if (Math.Abs(value) > limit) Errors[name] = [$"'{name}' must be between -{limit} and {limit} degrees, not {value}."];
        return value;
    }
}
