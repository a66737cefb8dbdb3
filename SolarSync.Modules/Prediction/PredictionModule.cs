using Microsoft.Extensions.Hosting;

namespace SolarSync.Modules.Prediction;

/// <summary>Forecast serving, intervals, cache and forecast archive.</summary>
public static class PredictionModule
{
    public static IHostApplicationBuilder AddPredictionModule(this IHostApplicationBuilder builder) => builder;
}
