using Npgsql;
using SolarSync.Host.Observability;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>Which failures of the real PostgreSQL count as an outage (503) and which stay faults of SolarSync (500).</summary>
public sealed class DatabaseUnavailableHandlerTests
{
    [OneTimeSetUp]
    public Task DatabaseAsync() => TestServices.EnsureDatabaseAsync();

    [Test]
    public async Task A_server_that_refuses_the_connection_is_an_outage()
    {
        var nobody = $"Host=127.0.0.1;Port={TestServices.FreeLoopbackPort()};Username=postgres;Pooling=false;Timeout=2";
        await using var conn = new NpgsqlConnection(nobody);

        var error = Assert.CatchAsync<NpgsqlException>(() => conn.OpenAsync());

        Assert.That(DatabaseUnavailableHandler.IsDatabaseUnavailable(error!), Is.True, error!.ToString());
    }

    [Test]
    public async Task A_session_the_server_ended_is_an_outage()
    {
        await using var session = new NpgsqlConnection(TestServices.Postgres + ";Pooling=false");
        await session.OpenAsync();
        await using (var admin = new NpgsqlConnection(TestServices.Postgres + ";Pooling=false"))
        {
            await admin.OpenAsync();
            // What a fast shutdown does to every session: it ends with 57P01 (admin_shutdown).
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            terminate.Parameters.AddWithValue("pid", session.ProcessID);
            await terminate.ExecuteScalarAsync();
        }

        await using var query = new NpgsqlCommand("SELECT 1", session);
        var error = Assert.CatchAsync<NpgsqlException>(() => query.ExecuteScalarAsync());

        Assert.That(DatabaseUnavailableHandler.IsDatabaseUnavailable(error!), Is.True, error!.ToString());
    }

    [TestCase("SELECT 1/0")]
    [TestCase("SELECT * FROM no_such_table")]
    public async Task A_query_that_fails_on_a_working_server_is_not_an_outage(string sql)
    {
        await using var conn = new NpgsqlConnection(TestServices.Postgres);
        await conn.OpenAsync();
        await using var query = new NpgsqlCommand(sql, conn);

        var error = Assert.CatchAsync<PostgresException>(() => query.ExecuteScalarAsync());

        Assert.That(DatabaseUnavailableHandler.IsDatabaseUnavailable(error!), Is.False, error!.SqlState);
    }

    [Test]
    public void An_error_of_solarsync_itself_is_not_an_outage()
    {
        Assert.That(DatabaseUnavailableHandler.IsDatabaseUnavailable(new InvalidOperationException("bug")), Is.False);
    }
}
