namespace SolarSync.Modules.Shared.Jobs;

/// <summary>Hangfire queue names. Training has its own so that serving-side jobs never wait behind it.</summary>
public static class JobQueues
{
    public const string Default = "default";
    public const string Training = "training";
}
