using Microsoft.Extensions.Hosting;

namespace SolarSync.Modules.Training;

/// <summary>TorchSharp models, training, evaluation and the model registry.</summary>
public static class TrainingModule
{
    public static IHostApplicationBuilder AddTrainingModule(this IHostApplicationBuilder builder) => builder;
}
