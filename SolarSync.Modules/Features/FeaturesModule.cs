using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Features.Domain;

namespace SolarSync.Modules.Features;

/// <summary>Solar geometry, clear-sky, calendar, lag and wind features.</summary>
public static class FeaturesModule
{
    public static IHostApplicationBuilder AddFeaturesModule(this IHostApplicationBuilder builder)
    {
        // Stateless and thread-safe: one instance serves training and serving alike.
        builder.Services.AddSingleton<IFeatureBuilder, FeatureBuilder>();
        return builder;
    }
}
