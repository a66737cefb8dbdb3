using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SolarSync.Modules.Shared.Database;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Shared.Database;

[NonParallelizable]
public sealed class DatabaseMigratorTests
{
    private NpgsqlDataSource dataSource = null!;

    [SetUp]
    public async Task CreateAnEmptyDatabase() => dataSource = NpgsqlDataSource.Create(await TestServices.FreshDatabaseAsync("migrations"));

    [TearDown]
    public async Task DropIt() => await dataSource.DisposeAsync();

    private DatabaseMigrator Migrator() =>
        new(dataSource, Options.Create(new DatabaseOptions { ConnectionString = "unused", MigrationsPath = "db" }), NullLogger<DatabaseMigrator>.Instance);

    private static string[] MigrationFiles() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "db"), "*.sql").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()!;

    [Test]
    public async Task Every_migration_is_applied_once_in_order_and_a_second_run_applies_none()
    {
        var first = await Migrator().MigrateAsync();
        var second = await Migrator().MigrateAsync();

        await using var conn = await dataSource.OpenConnectionAsync();
        var journal = (await conn.QueryAsync<string>("SELECT version FROM public.schema_migrations ORDER BY version")).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(MigrationFiles()));
            Assert.That(second, Is.Empty);
            Assert.That(journal, Is.EqualTo(MigrationFiles()));
        });
    }

    [Test]
    public async Task Two_hosts_migrating_one_database_at_once_apply_each_migration_once()
    {
        var results = await Task.WhenAll(Migrator().MigrateAsync(), Migrator().MigrateAsync());

        Assert.That(results.SelectMany(r => r).Order(StringComparer.Ordinal), Is.EqualTo(MigrationFiles()));
        await using var conn = await dataSource.OpenConnectionAsync();
        Assert.That(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM public.schema_migrations"), Is.EqualTo(MigrationFiles().Length));
    }

    [Test]
    public async Task Every_module_schema_exists_after_migrating()
    {
        await Migrator().MigrateAsync();
        await using var conn = await dataSource.OpenConnectionAsync();
        var schemas = await conn.QueryAsync<string>("SELECT schema_name FROM information_schema.schemata");
        Assert.That(schemas, Does.Contain("sites"));
    }
}
