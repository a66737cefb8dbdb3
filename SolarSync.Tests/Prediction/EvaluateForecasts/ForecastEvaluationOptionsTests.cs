using Dapper;
using Npgsql;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Prediction.EvaluateForecasts;

[NonParallelizable]
public sealed class ForecastEvaluationOptionsTests
{
    [Test]
    public async Task The_daily_evaluation_is_a_recurring_job_on_the_default_queue_with_the_configured_cron_in_utc()
    {
        await TestServices.EnsureDatabaseAsync();
        await using (var conn = new NpgsqlConnection(TestServices.Postgres))
        {
            // A fresh database has no Hangfire schema until a host starts.
            await conn.ExecuteAsync("""
                DO $$ BEGIN
                  IF to_regclass('hangfire.hash') IS NOT NULL THEN
                    DELETE FROM hangfire.hash WHERE key = 'recurring-job:prediction:evaluate-daily';
                  END IF;
                END $$;
                """);
        }

        await using var app = await SolarSyncApp.StartAsync(new Dictionary<string, string?> { ["Prediction:EvaluateDailyCron"] = "20 1 * * *" });
        await using var db = new NpgsqlConnection(TestServices.Postgres);
        var fields = (await db.QueryAsync<(string Field, string Value)>(
                "SELECT field, value FROM hangfire.hash WHERE key = 'recurring-job:prediction:evaluate-daily'"))
            .ToDictionary(f => f.Field, f => f.Value);

        Assert.Multiple(() =>
        {
            Assert.That(fields.GetValueOrDefault("Cron"), Is.EqualTo("20 1 * * *"));
            Assert.That(fields.GetValueOrDefault("Queue"), Is.EqualTo("default"));
            Assert.That(fields.GetValueOrDefault("TimeZoneId"), Is.EqualTo("UTC"));
            Assert.That(fields.GetValueOrDefault("Job"), Does.Contain("EvaluateForecastsJob"));
        });
    }
}
