using FluentValidation;
using SolarSync.Modules.Devices.Domain;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Devices.RegisterDevice;

/// <summary>The shape of a registration; whether the site exists and fits the device is checked against the registry.</summary>
internal sealed class RegisterDeviceValidator : AbstractValidator<RegisterDeviceRequest>
{
    // 10 GW, as for sites: larger than any single plant built, small enough to catch a W/kW mix-up.
    private const double MaxCapacityKw = 10_000_000;

    public RegisterDeviceValidator()
    {
        RuleFor(r => r.DeviceId).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(id => DeviceIds.IsValid(id))
            .WithMessage($"'device_id' must be 1 to {DeviceIds.MaxLength} letters, digits, '_' or '-'; '+', '#' and '/' are not " +
                "allowed because the id becomes an MQTT topic level.");
        RuleFor(r => r.DeviceType).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(t => DeviceTypes.TryParse(t, out _))
            .WithMessage($"'device_type' must be one of {string.Join(", ", DeviceTypes.All.Select(t => $"'{t}'"))}.");

        When(r => r.SiteId is null && r.Location is null && r.SystemCapacityKw is null, () =>
            RuleFor(r => r.SiteId).NotNull()
                .WithMessage("Give 'site_id' of a registered site, or 'location' and 'system_capacity_kw' to register a new one."));

        When(r => r.SiteId is not null, () =>
        {
            RuleFor(r => r.Location).Null()
                .WithMessage("Give either 'site_id' or 'location' with 'system_capacity_kw', not both.");
            RuleFor(r => r.SystemCapacityKw).Null()
                .WithMessage("'system_capacity_kw' applies only with 'location'; a registered site has its own capacity.");
            RuleFor(r => r.Name).Null()
                .WithMessage("'name' names the site created from 'location'; with 'site_id' no site is created.");
        });

        When(r => r.SiteId is null && (r.Location is not null || r.SystemCapacityKw is not null), () =>
        {
            RuleFor(r => r.Location).NotNull()
                .WithMessage("'location' is required with 'system_capacity_kw' (or give 'site_id' instead).");
            RuleFor(r => r.Location!).ChildRules(location =>
            {
                location.RuleFor(l => l.Lat).NotNull().InclusiveBetween(-90, 90).WithName("location.lat");
                location.RuleFor(l => l.Lng).NotNull().InclusiveBetween(-180, 180).WithName("location.lng");
            }).When(r => r.Location is not null);
            RuleFor(r => r.SystemCapacityKw).NotNull().GreaterThan(0).LessThanOrEqualTo(MaxCapacityKw);
            // The name becomes the new site's: the sites API's rule.
            RuleFor(r => r.Name).NotEmpty().MaximumLength(SiteNames.MaxLength)
                .Must(SiteNames.HasNoControlCharacters).WithMessage("'name' " + SiteNames.ControlCharactersMessage)
                .When(r => r.Name is not null);
            RuleFor(r => r.SiteId).NotNull()
                .When(r => DeviceTypes.TryParse(r.DeviceType, out var type) && type.ImpliedPlantType() is null)
                .WithMessage("A meter measures a registered plant and cannot create a site from 'location': give its 'site_id'.");
        });
    }
}
