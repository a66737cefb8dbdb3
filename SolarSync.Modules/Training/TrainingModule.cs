using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Training.Evaluate;

namespace SolarSync.Modules.Training;

/// <summary>TorchSharp models, training, evaluation and the model registry.</summary>
public static class TrainingModule
{
    public static IHostApplicationBuilder AddTrainingModule(this IHostApplicationBuilder builder) => builder;

    /// <summary>The <c>evaluate</c> command (no database): needs only the Features module's services.</summary>
    public static Task<int> RunEvaluateCommandAsync(IServiceProvider services, string[] args, CancellationToken ct) =>
        EvaluateCommand.RunAsync(args, services.GetRequiredService<IFeatureBuilder>(), new TorchForecastModelRunner(), Console.Out, Console.Error, ct);
}
