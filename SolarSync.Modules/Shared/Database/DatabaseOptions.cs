using System.ComponentModel.DataAnnotations;

namespace SolarSync.Modules.Shared.Database;

/// <summary>Where PostgreSQL is and where the SQL migrations live.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Bound from <c>ConnectionStrings:Postgres</c>, never from this section.</summary>
    [Required(ErrorMessage = "ConnectionStrings:Postgres is required (set the environment variable ConnectionStrings__Postgres).")]
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the numbered *.sql migrations, relative to the application folder.</summary>
    [Required(ErrorMessage = "Database:MigrationsPath is required.")]
    public string MigrationsPath { get; set; } = "db";
}
