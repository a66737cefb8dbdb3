using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SolarSync.Modules.Collection;

/// <summary>Weather history and forecasts, CSV imports and the simulated plant.</summary>
public static class CollectionModule
{
    public static IHostApplicationBuilder AddCollectionModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CollectionOptions>().BindConfiguration(CollectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
