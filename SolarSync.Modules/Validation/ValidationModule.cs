using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Validation.Contracts;
using SolarSync.Modules.Validation.Data;
using SolarSync.Modules.Validation.GetQualityReport;

namespace SolarSync.Modules.Validation;

/// <summary>Validation rules, quarantine and data-quality scores.</summary>
public static class ValidationModule
{
    public static IHostApplicationBuilder AddValidationModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddObservationValidation();
        builder.Services.AddSingleton<IQuarantine, QuarantineRepository>();
        builder.Services.AddSingleton<IQualityRecorder, QualityRepository>();
        builder.Services.AddSingleton<IDailyQualityReader, DailyQualityReader>();
        return builder;
    }

    public static IEndpointRouteBuilder MapValidationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGetQualityReport(AuthorizationPolicies.PublicRateLimit);
        return app;
    }
}
