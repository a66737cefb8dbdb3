using System.Text.Json;
using Dapper;
using Npgsql;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Sites.Data;

internal sealed class SiteRepository(NpgsqlDataSource dataSource) : ISiteDirectory, ISiteRegistration
{
    private static readonly JsonSerializerOptions CurveJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private const string Columns = """
        id, name, type, latitude, longitude, capacity_kw, tilt_deg, azimuth_deg, hub_height_m,
        power_curve::text AS power_curve_json, time_zone, is_demo, created_at, elevation_m, country
        """;

    private const string FindSql = $"SELECT {Columns} FROM sites.sites WHERE id = @id AND deleted_at IS NULL";
    private const string ListSql = $"SELECT {Columns} FROM sites.sites WHERE deleted_at IS NULL AND (@type::text IS NULL OR type = @type) ORDER BY id";
    private const string DeleteSql = "UPDATE sites.sites SET deleted_at = now() WHERE id = @id AND deleted_at IS NULL";

    private const string InsertSql = $"""
        INSERT INTO sites.sites (name, type, latitude, longitude, capacity_kw, tilt_deg, azimuth_deg, hub_height_m, power_curve, time_zone, is_demo, elevation_m, country)
        VALUES (@Name, @Type, @Latitude, @Longitude, @CapacityKw, @TiltDeg, @AzimuthDeg, @HubHeightM, @PowerCurve::jsonb, @TimeZone, @IsDemo, @ElevationM, @Country)
        ON CONFLICT (lower(name)) WHERE deleted_at IS NULL DO NOTHING
        RETURNING {Columns}
        """;

    public async Task<Site?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<SiteRow>(new CommandDefinition(FindSql, new { id }, cancellationToken: ct));
        return row?.ToSite();
    }

    public async Task<IReadOnlyList<Site>> ListAsync(PlantType? type, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<SiteRow>(new CommandDefinition(ListSql, new { type = type?.ToDbName() }, cancellationToken: ct));
        return rows.Select(r => r.ToSite()).ToList();
    }

    /// <summary>Inserts the site, or returns null when a site of that name (case-insensitive) exists.</summary>
    public async Task<Site?> TryAddAsync(NewSite site, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var args = new
        {
            site.Name,
            Type = site.Type.ToDbName(),
            site.Latitude,
            site.Longitude,
            site.CapacityKw,
            site.TiltDeg,
            site.AzimuthDeg,
            site.HubHeightM,
            PowerCurve = site.PowerCurve is null ? null : JsonSerializer.Serialize(site.PowerCurve, CurveJson),
            site.TimeZone,
            site.IsDemo,
            site.ElevationM,
            site.Country,
        };
        var row = await conn.QuerySingleOrDefaultAsync<SiteRow>(new CommandDefinition(InsertSql, args, cancellationToken: ct));
        return row?.ToSite();
    }

    /// <summary>
    /// Takes the site out of the directory (false when no such site is listed). Its row and every module's data of it
    /// stay stored; nothing reads them any more, and its name can be given to a new site.
    /// </summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(DeleteSql, new { id }, cancellationToken: ct)) == 1;
    }

    public Task<Site?> TryRegisterAsync(SiteDraft draft, CancellationToken ct) =>
        TryAddAsync(new NewSite(draft.Name, draft.Type, draft.Latitude, draft.Longitude, draft.CapacityKw,
            TiltDeg: null, AzimuthDeg: null, HubHeightM: null, PowerCurve: null, TimeZone: "UTC", IsDemo: false, ElevationM: null, Country: null), ct);

    private sealed record SiteRow(
        long Id, string Name, string Type, double Latitude, double Longitude, double CapacityKw, double? TiltDeg,
        double? AzimuthDeg, double? HubHeightM, string? PowerCurveJson, string TimeZone, bool IsDemo, DateTime CreatedAt, double? ElevationM, string? Country)
    {
        public Site ToSite() => new(
            Id, Name, PlantTypes.Parse(Type), Latitude, Longitude, CapacityKw, TiltDeg, AzimuthDeg, HubHeightM,
            PowerCurveJson is null ? null : JsonSerializer.Deserialize<List<PowerCurvePoint>>(PowerCurveJson, CurveJson),
            TimeZone, IsDemo, new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)), ElevationM, Country);
    }
}

/// <summary>A validated site to insert.</summary>
internal sealed record NewSite(
    string Name, PlantType Type, double Latitude, double Longitude, double CapacityKw, double? TiltDeg,
    double? AzimuthDeg, double? HubHeightM, IReadOnlyList<PowerCurvePoint>? PowerCurve, string TimeZone, bool IsDemo, double? ElevationM,
    string? Country = null);
