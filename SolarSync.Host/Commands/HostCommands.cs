using Microsoft.Extensions.Options;
using SolarSync.Modules.Shared.Database;

namespace SolarSync.Host.Commands;

/// <summary>Runs a one-shot command (e.g. <c>import</c>) with the host's services instead of serving HTTP.</summary>
internal static class HostCommands
{
    public static async Task<int> RunAsync(WebApplication app, string[] args, Func<IServiceProvider, string[], CancellationToken, Task<int>> command)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        try
        {
            // The same start-up checks as the server: valid settings, then the schema.
            await app.Services.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(cancel.Token);
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancel.Token);
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        return await command(app.Services, args, cancel.Token);
    }
}
