using System.ComponentModel.DataAnnotations;
using SolarSync.Modules.Sites.CreateSite;

namespace SolarSync.Modules.Sites;

internal sealed class SitesOptions
{
    public const string Section = "Sites";

    /// <summary>Registers <see cref="DemoSites"/> at start-up (used by scripts/run.sh for an offline demo).</summary>
    public bool SeedDemoSites { get; init; }

    [Required]
    public List<CreateSiteRequest> DemoSites { get; init; } = [];
}
