using System.ComponentModel.DataAnnotations;

namespace SolarSync.Host.Jobs;

internal sealed class HangfireOptions
{
    public const string Section = "Hangfire";

    /// <summary>Workers for the default queue (collection, publishing, evaluation); 0 runs no default server here.</summary>
    [Range(0, 64, ErrorMessage = "Hangfire:DefaultWorkers must be between 0 and 64.")]
    public int DefaultWorkers { get; init; } = 4;

    /// <summary>
    /// Workers for the training queue. Training is CPU-bound, so one at a time; 0 confines training to other hosts
    /// that share the job storage.
    /// </summary>
    [Range(0, 8, ErrorMessage = "Hangfire:TrainingWorkers must be between 0 and 8.")]
    public int TrainingWorkers { get; init; } = 1;

    [Range(1, 300, ErrorMessage = "Hangfire:QueuePollSeconds must be between 1 and 300.")]
    public int QueuePollSeconds { get; init; } = 5;
}
