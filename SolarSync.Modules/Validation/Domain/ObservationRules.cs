using System.Globalization;
using FluentValidation;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Validation.Contracts;

namespace SolarSync.Modules.Validation.Domain;

/// <summary>
/// The hard rules of docs/architecture.md §4 that look at one row alone: physical ranges, a whole UTC hour, not in the future.
/// Every rule runs (no cascade stop), so a rejection lists every reason. The error code of each failure is its
/// <see cref="ValidationRuleIds"/> id. Missing (null) values pass: absence is measured by completeness, not here.
/// </summary>
/// <remarks>
/// Building a FluentValidation result costs far more than the checks themselves, and almost every row passes, so
/// <see cref="Passes"/> runs the same predicates directly and only a row that fails one goes through
/// <c>Validate</c> for its failures and messages.
/// </remarks>
internal sealed class ObservationRules : AbstractValidator<Observation>
{
    /// <summary>A row may be stamped up to an hour ahead: the current hour is still being averaged.</summary>
    internal static readonly TimeSpan FutureTolerance = TimeSpan.FromHours(1);

    private readonly TimeProvider clock;
    private readonly List<(Func<Observation, double?> Get, double Min, double Max)> ranges = [];

    public ObservationRules(double capacityKw, double altitudeM, TimeProvider clock, double maxPowerShare = 1.1)
    {
        this.clock = clock;
        Range(ObservationFields.Ghi, 0, 1500);
        Range(ObservationFields.Dni, 0, 1400);
        Range(ObservationFields.Dhi, 0, 900);
        Range(ObservationFields.Temperature, -60, 60);
        Range(ObservationFields.Humidity, 0, 100);
        // 870–1085 hPa bounds sea-level pressure; stations above sea level read less, by the barometric factor
        // exp(−h / 8434.5 m) (scale height of a 15 °C atmosphere), e.g. about 0.80 at Golden's 1830 m.
        var barometric = Math.Exp(-altitudeM / 8434.5);
        Range(ObservationFields.Pressure, 870 * barometric, 1085 * barometric);
        Range(ObservationFields.WindSpeed10m, 0, 75);
        Range(ObservationFields.WindSpeed100m, 0, 75);
        Range(ObservationFields.WindDirection, 0, 360);
        Range(ObservationFields.CloudCover, 0, 100);
        // A plant draws a little at night (−1 %) and may briefly exceed nameplate (cold, bright, DC/AC ratio); a
        // consumer's registered peak is an estimate its hourly demand may pass (SiteLimits.MaxPowerShare).
        Range(ObservationFields.Power, -0.01 * capacityKw, maxPowerShare * capacityKw);

        RuleFor(o => o.Source)
            .Must(HasSource)
            .WithErrorCode(ValidationRuleIds.Source)
            .WithMessage("the source is empty");

        RuleFor(o => o.Ts)
            .Must(IsWholeUtcHour)
            .WithErrorCode(ValidationRuleIds.WholeHour)
            .WithMessage((_, ts) => $"timestamp {Format(ts)} is not the start of a UTC hour (offset zero, minutes and seconds zero)");

        RuleFor(o => o.Ts)
            .Must(IsNotInFuture)
            .WithErrorCode(ValidationRuleIds.Future)
            .WithMessage((_, ts) => $"timestamp {Format(ts)} is more than {FutureTolerance.TotalHours:0} h after now ({Format(clock.GetUtcNow())})");
    }

    /// <summary>True when <paramref name="row"/> breaks none of the rules (the predicates of every rule, nothing built).</summary>
    public bool Passes(Observation row)
    {
        foreach (var (get, min, max) in ranges)
        {
            if (!IsInRange(get(row), min, max)) return false;
        }
        return HasSource(row.Source) && IsWholeUtcHour(row.Ts) && IsNotInFuture(row.Ts);
    }

    public static bool IsWholeUtcHour(DateTimeOffset ts) => ts.Offset == TimeSpan.Zero && ts.Ticks % TimeSpan.TicksPerHour == 0;

    private static bool HasSource(string source) => !string.IsNullOrWhiteSpace(source);

    private bool IsNotInFuture(DateTimeOffset ts) => ts <= clock.GetUtcNow() + FutureTolerance;

    // Written as "inside" so that NaN, which compares false with everything, fails.
    private static bool IsInRange(double? value, double min, double max) => value is not { } v || (v >= min && v <= max);

    private void Range(ObservationField field, double min, double max)
    {
        ranges.Add((field.Get, min, max));
        RuleFor(field.Selector)
            .Must(value => IsInRange(value, min, max))
            .WithErrorCode("range:" + field.Key)
            .WithMessage((_, value) => $"{field.Label} {Format(value)} {field.Unit} is outside {Format(min)}…{Format(max)} {field.Unit}");
    }

    private static string Format(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "null";

    private static string Format(DateTimeOffset ts) => ts.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
