namespace SolarSync.Modules.Monitoring.Alerts.Rules;

/// <summary>The rules' names: the rule label of solarsync_alerts_active and the rule of GET /admin/alerts.</summary>
internal static class AlertRuleNames
{
    public const string ForecastDrift = "forecast-drift";
    public const string DataQuality = "data-quality";
    public const string CollectionFailed = "collection-failed";
    public const string RetrainFailed = "retrain-failed";
    public const string ModelPromoted = "model-promoted";
    public const string ModelRolledBack = "model-rolled-back";
    public const string DeviceOffline = "device-offline";
    public const string ModelStoreDisk = "model-store-disk";

    public static readonly string[] All =
        [ForecastDrift, DataQuality, CollectionFailed, RetrainFailed, ModelPromoted, ModelRolledBack, DeviceOffline, ModelStoreDisk];
}
