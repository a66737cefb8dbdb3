using Microsoft.Extensions.Hosting;

namespace SolarSync.Modules.Validation;

/// <summary>Validation rules, quarantine and data-quality scores.</summary>
public static class ValidationModule
{
    public static IHostApplicationBuilder AddValidationModule(this IHostApplicationBuilder builder) => builder;
}
