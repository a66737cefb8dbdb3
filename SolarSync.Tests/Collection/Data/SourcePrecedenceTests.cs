using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Collection.Data;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Shared.TimeSeries;
using SolarSync.Modules.Sites.Contracts;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Collection.Data;

/// <summary>
/// One precedence wherever several sources hold an hour's output: telemetry, then imported meter data, then the rest,
/// simulation last. Forecast inputs, training and realized accuracy all read through IObservationHistory and
/// HourlySeries, so this is what each of them believes.
/// </summary>
public sealed class SourcePrecedenceTests : HostTest
{
    private static readonly DateTimeOffset Start = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static Site SiteOf(long id, bool demo) =>
        new(id, "Precedence", PlantType.Solar, 40, -105, 100, 30, 180, null, null, "UTC", demo, Start);

    private static Observation Row(long site, int hour, string source, double? powerKw, double? ghi = null) =>
        new() { SiteId = site, Ts = Start.AddHours(hour), Source = source, PowerKw = powerKw, GhiWm2 = ghi };

    private async Task<HourlySeries> ReadAsync(Site site)
    {
        var rows = await App.Services.GetRequiredService<IObservationHistory>().ReadAsync(site, Start, Start.AddHours(4), CancellationToken.None);
        return HourlySeries.FromObservations(rows, Start, Start.AddHours(4), 100);
    }

    [Test]
    public async Task A_real_site_believes_telemetry_then_meter_data_then_weather_services_and_never_the_simulation()
    {
        const long site = 7;
        await App.Services.GetRequiredService<ObservationRepository>().UpsertAsync(
        [
            // Hour 0: everyone has output; telemetry wins whatever the source names' order.
            Row(site, 0, ObservationSources.Simulated, 1), Row(site, 0, ObservationSources.Meter, 2), Row(site, 0, ObservationSources.Telemetry, 3),
            Row(site, 0, ObservationSources.EvalCsv, 4),
            // Hour 1: no telemetry, so the meter file; a weather service adds irradiance without erasing the meter's power.
            Row(site, 1, ObservationSources.Meter, 5), Row(site, 1, ObservationSources.OpenMeteo, null, ghi: 300), Row(site, 1, ObservationSources.Simulated, 6),
            // Hour 2: telemetry with no power value does not erase the meter's.
            Row(site, 2, ObservationSources.Meter, 7), Row(site, 2, ObservationSources.Telemetry, null, ghi: 250),
            // Hour 3: only the simulation, which a real site never reads.
            Row(site, 3, ObservationSources.Simulated, 8),
        ], CancellationToken.None);

        var series = await ReadAsync(SiteOf(site, demo: false));

        Assert.That(series.PowerKw, Is.EqualTo(new[] { 3f, 5f, 7f, float.NaN }));
        Assert.That(series.GhiWm2[1], Is.EqualTo(300f));
        Assert.That(series.GhiWm2[2], Is.EqualTo(250f));
    }

    [Test]
    public async Task A_demo_site_reads_its_simulation_and_its_devices_telemetry_which_wins()
    {
        const long site = 8;
        await App.Services.GetRequiredService<ObservationRepository>().UpsertAsync(
        [
            Row(site, 0, ObservationSources.Simulated, 1), Row(site, 0, ObservationSources.Telemetry, 2),
            Row(site, 1, ObservationSources.Simulated, 3),
            Row(site, 2, ObservationSources.Meter, 4),
        ], CancellationToken.None);

        var series = await ReadAsync(SiteOf(site, demo: true));

        Assert.That(series.PowerKw, Is.EqualTo(new[] { 2f, 3f, float.NaN, float.NaN }));
    }

    [Test]
    public void Telemetry_is_the_most_trusted_source_and_the_simulation_the_least()
    {
        var order = ObservationSources.ByPrecedence;
        Assert.That(order[^1], Is.EqualTo(ObservationSources.Telemetry));
        Assert.That(order[^2], Is.EqualTo(ObservationSources.Meter));
        Assert.That(order[0], Is.EqualTo(ObservationSources.Simulated));
        Assert.That(order, Is.Unique);
    }
}
