using System.Text.Json;
using System.Text.Json.Serialization;
using Scalar.AspNetCore;
using SolarSync.Host.Commands;
using SolarSync.Host.Jobs;
using SolarSync.Host.Observability;
using SolarSync.Host.OpenApi;
using SolarSync.Host.Security;
using SolarSync.Modules.Collection;
using SolarSync.Modules.Devices;
using SolarSync.Modules.Features;
using SolarSync.Modules.Models;
using SolarSync.Modules.Monitoring;
using SolarSync.Modules.Prediction;
using SolarSync.Modules.Shared.Caching;
using SolarSync.Modules.Shared.Database;
using SolarSync.Modules.Shared.Monitoring;
using SolarSync.Modules.Shared.Security;
using SolarSync.Modules.Sites;
using SolarSync.Modules.Training;
using SolarSync.Modules.Validation;

if (args is ["evaluate", ..])
{
    // Evaluation reads one file and needs no database, broker or cache: only the features and the models.
    var evaluation = Host.CreateApplicationBuilder();
    evaluation.AddFeaturesModule();
    using var evaluationHost = evaluation.Build();
    return await TrainingModule.RunEvaluateCommandAsync(evaluationHost.Services, args, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);

// Host-wide services. The database comes first: its migrations run before any other hosted service starts.
builder.AddSolarSyncDatabase();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = BindingProblems.Describe);
builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
});
builder.AddSolarSyncOpenApi();
builder.Services.AddSingleton(TimeProvider.System);
// HostOptions:ShutdownTimeout (default 30 s): how long a stop (SIGTERM, SIGINT) waits for running jobs to hand back.
builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));
builder.AddSolarSyncSecurity();
builder.AddSolarSyncRequestLimits();
builder.AddSolarSyncSecurityHeaders();
builder.AddSolarSyncCors();
builder.AddSolarSyncTelemetry();
builder.AddSolarSyncCache();
builder.AddSolarSyncHangfire();

// Modules, one line each.
builder.AddMonitoringModule();
builder.AddSitesModule();
builder.AddCollectionModule();
builder.AddValidationModule();
builder.AddFeaturesModule();
builder.AddModelsModule();
builder.AddTrainingModule();
builder.AddPredictionModule();
builder.AddDevicesModule();

builder.Services.AddRecurringJobs((jobs, services) =>
{
    jobs.ScheduleCollectionJobs(services);
    jobs.ScheduleTrainingJobs(services);
    jobs.SchedulePredictionJobs(services);
    jobs.ScheduleDevicesJobs(services);
    jobs.ScheduleMonitoringJobs(services);
});

var app = builder.Build();
if (args is ["import", ..])
    return await HostCommands.RunAsync(app, args, CollectionModule.RunImportCommandAsync);
if (args is ["demo-telemetry", ..])
    return await HostCommands.RunAsync(app, args, DevicesModule.RunDemoTelemetryCommandAsync);

app.UseForwardedHeaders();
app.UseSolarSyncSecurityHeaders();
// Create the SolarSync meter now, so /metrics shows it from the first scrape.
app.Services.GetRequiredService<SolarSyncMetrics>();

// A body that cannot be read (malformed JSON, wrong content type) is the client's fault: 400, not 500. A database
// outage is a 503 with Retry-After (DatabaseUnavailableHandler).
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseStaticFiles(); // the console's scripts and styles (wwwroot), public
// Before authentication and the rate limiter: a preflight is answered here and counts against no one's limit.
app.UseCors();
app.UseAuthentication();
// Admin actions are audited with who asked and how it ended: after authentication, around the refusals of the
// dashboard's origin check and of authorization.
app.UseAdminAudit();
app.UseDashboardOriginCheck();
app.UseAuthorization();
app.UseRateLimiter();

// Every other endpoint states its own authorization or needs a reader key (the fallback policy, SecurityServices).
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference().AllowAnonymous();
app.MapSolarSyncHealth();
app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MetricsAccess.Policy);
app.MapSolarSyncDashboard();

app.MapSitesEndpoints();
app.MapCollectionEndpoints();
app.MapValidationEndpoints();
app.MapModelsEndpoints(AuthorizationPolicies.Admin);
app.MapTrainingEndpoints(AuthorizationPolicies.Admin);
app.MapPredictionEndpoints(AuthorizationPolicies.PublicRateLimit);
app.MapDevicesEndpoints();
app.MapMonitoringConsole();
app.MapMonitoringAudit(AuthorizationPolicies.Admin);
app.MapMonitoringAlerts(AuthorizationPolicies.Admin);

app.Run();
return 0;

public partial class Program;
