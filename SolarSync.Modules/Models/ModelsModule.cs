using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SolarSync.Modules.Models.Admin;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models.Registry;
using SolarSync.Modules.Models.Serving;
using SolarSync.Modules.Shared.Monitoring;

namespace SolarSync.Modules.Models;

/// <summary>
/// What a trained model is and how it is served: the families and networks, model files and manifest, the registry
/// (Candidate, Production, Archived), conformal intervals and the Production models in memory behind batched inference.
/// </summary>
public static class ModelsModule
{
    public static IHostApplicationBuilder AddModelsModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelsOptions>().BindConfiguration(ModelsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<IModelStoreDisk>(sp => sp.GetRequiredService<ModelStore>());
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddSingleton<IModelCatalog, ModelCatalog>();
        builder.Services.AddSingleton<ProductionModels>();
        builder.Services.AddSingleton<IProductionModels>(sp => sp.GetRequiredService<ProductionModels>());
        builder.Services.AddSingleton<IModelRepository, ModelRepository>();
        builder.Services.AddSingleton<IModelVersions, ModelVersions>();
        builder.Services.AddHostedService<RemoveIncompleteModelsAtStartup>();
        builder.Services.AddHealthChecks().AddCheck<ProductionModelHealthCheck>("models", HealthStatus.Degraded, [HealthTags.Ready]);
        return builder;
    }

    /// <summary>Admin endpoints: model history, promote, rollback.</summary>
    public static IEndpointRouteBuilder MapModelsEndpoints(this IEndpointRouteBuilder app, string adminPolicy)
    {
        app.MapGroup("/admin").WithTags("Models").RequireAuthorization(adminPolicy).MapModelRegistry();
        return app;
    }
}
