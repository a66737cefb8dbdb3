using FluentValidation;
using SolarSync.Modules.Shared.Calendar;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Sites.CreateSite;

internal sealed class CreateSiteValidator : AbstractValidator<CreateSiteRequest>
{
    // 10 GW: larger than any single plant built, small enough to catch a W/kW mix-up.
    private const double MaxCapacityKw = 10_000_000;
    private const int MaxPowerCurvePoints = 200;

    public CreateSiteValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(SiteNames.MaxLength)
            .Must(SiteNames.HasNoControlCharacters).WithMessage("'name' " + SiteNames.ControlCharactersMessage);
        RuleFor(r => r.Type).NotEmpty()
            .Must(t => PlantTypes.TryParse(t, out _)).WithMessage($"'type' must be {PlantTypes.Expected}.");
        RuleFor(r => r.Latitude).NotNull().InclusiveBetween(-90, 90);
        RuleFor(r => r.Longitude).NotNull().InclusiveBetween(-180, 180);
        RuleFor(r => r.CapacityKw).NotNull().GreaterThan(0).LessThanOrEqualTo(MaxCapacityKw);
        // From the Dead Sea shore to the highest plausible plant site.
        RuleFor(r => r.ElevationM).InclusiveBetween(-450, 9000);
        RuleFor(r => r.TimeZone)
            .Must(tz => TimeZoneInfo.TryFindSystemTimeZoneById(tz!, out _)).When(r => r.TimeZone is not null)
            .WithMessage("'time_zone' must be an IANA time zone such as 'Europe/Berlin'.");

        When(r => IsType(r, PlantType.Solar), () =>
        {
            RuleFor(r => r.TiltDeg).InclusiveBetween(0, 90);
            RuleFor(r => r.AzimuthDeg).InclusiveBetween(0, 360);
            RuleFor(r => r.HubHeightM).Null().WithMessage("'hub_height_m' applies to wind sites only.");
            RuleFor(r => r.PowerCurve).Null().WithMessage("'power_curve' applies to wind sites only.");
        });

        // A consumer has no physics: its capacity is the peak demand, and its country's holidays shape the demand.
        When(r => IsType(r, PlantType.Load), () =>
        {
            RuleFor(r => r.Country).NotEmpty().WithMessage("'country' is required for load sites (ISO 3166-1 alpha-2, e.g. 'DE').");
            RuleFor(r => r.TiltDeg).Null().WithMessage("'tilt_deg' applies to solar sites only.");
            RuleFor(r => r.AzimuthDeg).Null().WithMessage("'azimuth_deg' applies to solar sites only.");
            RuleFor(r => r.HubHeightM).Null().WithMessage("'hub_height_m' applies to wind sites only.");
            RuleFor(r => r.PowerCurve).Null().WithMessage("'power_curve' applies to wind sites only.");
        });

        // Only countries whose holidays are known: a code the calendar does not know would silently mean "no holidays".
        RuleFor(r => r.Country)
            .Must(c => PublicHolidays.Knows(c!.Trim())).When(r => !string.IsNullOrWhiteSpace(r.Country))
            .WithMessage($"'country' must be an ISO 3166-1 alpha-2 code whose public holidays are known: {string.Join(", ", PublicHolidays.Countries)}.");

        When(r => IsType(r, PlantType.Wind), () =>
        {
            RuleFor(r => r.HubHeightM).InclusiveBetween(1, 300);
            RuleFor(r => r.TiltDeg).Null().WithMessage("'tilt_deg' applies to solar sites only.");
            RuleFor(r => r.AzimuthDeg).Null().WithMessage("'azimuth_deg' applies to solar sites only.");
            RuleForEach(r => r.PowerCurve).NotNull().WithMessage("'power_curve' points must be objects, not null.");
            RuleFor(r => r.PowerCurve!)
                .Must(c => c.Count is >= 2 and <= MaxPowerCurvePoints)
                .WithMessage($"'power_curve' needs between 2 and {MaxPowerCurvePoints} points.")
                .Must(c => c.Zip(c.Skip(1)).All(p => p.Second.WindSpeedMs > p.First.WindSpeedMs))
                .WithMessage("'power_curve' wind speeds must be strictly increasing.")
                .When(r => HasPoints(r.PowerCurve));
            RuleForEach(r => r.PowerCurve).ChildRules(point =>
            {
                point.RuleFor(p => p.WindSpeedMs).InclusiveBetween(0, 75);
                point.RuleFor(p => p.PowerKw).GreaterThanOrEqualTo(0);
            });
            RuleFor(r => r.PowerCurve!)
                .Must((r, c) => c.All(p => p.PowerKw <= r.CapacityKw * 1.1))
                .WithMessage("'power_curve' must not exceed 110 % of 'capacity_kw'.")
                .When(r => HasPoints(r.PowerCurve) && r.CapacityKw > 0);
        });
    }

    // The curve's own rules read every point; a null point is reported on its own and keeps them from running.
    private static bool HasPoints(IReadOnlyList<PowerCurvePoint>? curve) => curve is not null && curve.All(p => p is not null);

    private static bool IsType(CreateSiteRequest request, PlantType type) =>
        PlantTypes.TryParse(request.Type, out var parsed) && parsed == type;
}
