namespace SolarSync.Modules.Sites.Contracts;

/// <summary>How other modules read the registered plants.</summary>
public interface ISiteDirectory
{
    Task<Site?> FindAsync(long id, CancellationToken ct);

    Task<IReadOnlyList<Site>> ListAsync(PlantType? type, CancellationToken ct);
}
