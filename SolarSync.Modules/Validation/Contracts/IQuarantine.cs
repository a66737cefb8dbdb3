using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Validation.Contracts;

/// <summary>Keeps refused input with its raw content and reasons; the same input from one source is kept once.</summary>
public interface IQuarantine
{
    /// <returns>How many rejections were new (not already quarantined).</returns>
    Task<int> StoreAsync(IReadOnlyList<Rejection> rejections, CancellationToken ct);
}
