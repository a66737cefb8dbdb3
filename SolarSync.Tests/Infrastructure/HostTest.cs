namespace SolarSync.Tests.Infrastructure;

/// <summary>
/// A fixture with one real host for all its tests, an admin client, and module tables emptied before each test.
/// </summary>
[NonParallelizable]
public abstract class HostTest
{
    internal SolarSyncApp App { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    /// <summary>Settings this fixture's host runs with on top of the test defaults.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        App = await SolarSyncApp.StartAsync(Settings);
        Admin = App.CreateClient(SolarSyncApp.AdminKey);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
    }

    [SetUp]
    public Task EmptyTablesAsync() => App.ResetAsync();
}
