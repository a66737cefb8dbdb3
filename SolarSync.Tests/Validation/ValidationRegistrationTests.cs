using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SolarSync.Modules.Validation;
using SolarSync.Modules.Validation.Contracts;
using static SolarSync.Tests.Validation.ValidationTestData;

namespace SolarSync.Tests.Validation;

public sealed class ValidationRegistrationTests
{
    [Test]
    public void The_validator_is_a_singleton_on_the_clock_registered_in_di()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
        using var provider = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddObservationValidation().BuildServiceProvider();

        var validator = provider.GetRequiredService<IObservationValidator>();

        Assert.That(provider.GetRequiredService<IObservationValidator>(), Is.SameAs(validator));
        // 05 h is in the future only by the fake clock; by the system clock it would be long past.
        Assert.That(validator.Validate([At(5)], Site).Rejected.Single().Reasons.Single(), Does.StartWith("future: "));
    }

    [Test]
    public void The_system_clock_is_used_when_none_is_registered()
    {
        using var provider = new ServiceCollection().AddObservationValidation().BuildServiceProvider();

        Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(TimeProvider.System));
    }
}
