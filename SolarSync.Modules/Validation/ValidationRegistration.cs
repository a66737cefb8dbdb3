using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SolarSync.Modules.Validation.Contracts;
using SolarSync.Modules.Validation.Domain;

namespace SolarSync.Modules.Validation;

internal static class ValidationRegistration
{
    /// <summary>
    /// Registers <see cref="IObservationValidator"/> (singleton: it is stateless) on the sun of each site it is
    /// given and the <see cref="TimeProvider"/> from DI, falling back to the system clock when none is registered.
    /// </summary>
    public static IServiceCollection AddObservationValidation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IObservationValidator>(sp => new ObservationValidator(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
