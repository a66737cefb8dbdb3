using System.Globalization;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Models.Contracts;

namespace SolarSync.Modules.Monitoring.Alerts.Rules;

/// <summary>The disk of the model store has less than Alerts:MinFreeDiskPercent free: the next retrain could not save its version.</summary>
internal sealed class ModelStoreDiskAlert(IModelStoreDisk disk, IOptions<AlertsOptions> options) : IAlertRule
{
    public string Name => AlertRuleNames.ModelStoreDisk;

    public Task<IReadOnlyList<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken ct)
    {
        var space = disk.Space();
        var min = options.Value.MinFreeDiskPercent;
        IReadOnlyList<AlertCondition> found = space.FreePercent < min
            ? [new AlertCondition(Name, "models", AlertSeverity.Critical, string.Create(CultureInfo.InvariantCulture,
                $"The model store's disk ({space.Path}) has {space.FreePercent:0.0} % free ({space.FreeBytes / 1048576.0:0} MiB of {space.TotalBytes / 1048576.0:0} MiB), below {min:0.#} %."))]
            : [];
        return Task.FromResult(found);
    }
}
