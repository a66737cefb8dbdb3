using Microsoft.Extensions.Hosting;

namespace SolarSync.Modules.Features;

/// <summary>Solar geometry, clear-sky, calendar, lag and wind features.</summary>
public static class FeaturesModule
{
    public static IHostApplicationBuilder AddFeaturesModule(this IHostApplicationBuilder builder) => builder;
}
