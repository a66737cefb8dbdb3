using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;
using SolarSync.Modules.Shared.Jobs;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Host.Jobs;

internal static class HangfireServices
{
    /// <summary>Hangfire on the product's PostgreSQL (schema "hangfire"), one server per queue.</summary>
    public static IHostApplicationBuilder AddSolarSyncHangfire(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HangfireOptions>().BindConfiguration(HangfireOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(pg => pg.UseConnectionFactory(new DataSourceConnectionFactory(sp.GetRequiredService<NpgsqlDataSource>())), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<HangfireOptions>>().Value.QueuePollSeconds),
            }));

        var options = builder.Configuration.GetSection(HangfireOptions.Section).Get<HangfireOptions>() ?? new HangfireOptions();
        if (options.DefaultWorkers > 0)
            builder.Services.AddHangfireServer(s => { s.Queues = [JobQueues.Default]; s.WorkerCount = options.DefaultWorkers; });
        if (options.TrainingWorkers > 0)
            builder.Services.AddHangfireServer(s => { s.Queues = [JobQueues.Training]; s.WorkerCount = options.TrainingWorkers; });
        return builder;
    }

    public static IEndpointConventionBuilder MapSolarSyncDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminOnlyDashboardFilter()],
            DashboardTitle = "SolarSync jobs",
        }).RequireAuthorization(AuthorizationPolicies.Admin);

    /// <summary>
    /// The dashboard takes Basic credentials, which a browser sends by itself: a page an admin visits could post to it
    /// (trigger or delete jobs). Browsers name the page's origin on every cross-site POST, so a state-changing request
    /// whose Origin is not this host is refused (403) before it reaches Hangfire; scripts without an Origin still work.
    /// </summary>
    public static IApplicationBuilder UseDashboardOriginCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/hangfire") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
                && request.Headers.Origin is [var origin, ..] && !SameOrigin(origin, request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = 403, Title = "Cross-site request refused.", Detail = "The job dashboard accepts changes only from its own pages." },
                });
                return;
            }
            await next(context);
        });

    private static bool SameOrigin(string? origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", request.Host.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>Hangfire draws connections from the process's one data source (one pool, one set of metrics).</summary>
    private sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }

    /// <summary>Second line of defence behind the endpoint's admin policy.</summary>
    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
