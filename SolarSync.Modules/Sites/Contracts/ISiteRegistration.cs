namespace SolarSync.Modules.Sites.Contracts;

/// <summary>How another module registers a plant (e.g. a device registered with a location instead of a site).</summary>
public interface ISiteRegistration
{
    /// <summary>
    /// Registers a plant from a draft that the caller has validated (coordinates in range, capacity positive and at
    /// most 10 GW); orientation, hub height and power curve take the physical model's defaults. Null when a site of
    /// that name (case-insensitive) exists.
    /// </summary>
    Task<Site?> TryRegisterAsync(SiteDraft draft, CancellationToken ct);
}

/// <summary>The least a plant needs: a unique name, a type, a location and a capacity.</summary>
public sealed record SiteDraft(string Name, PlantType Type, double Latitude, double Longitude, double CapacityKw);
