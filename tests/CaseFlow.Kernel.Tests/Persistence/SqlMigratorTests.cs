using System.Reflection;
using System.Text;
using CaseFlow.Kernel.Persistence;
using CaseFlow.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CaseFlow.Kernel.Tests.Persistence;

public sealed class SqlMigratorTests
{
    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        _connectionString = await TestCluster.CreateDatabaseAsync("migrator");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    [TearDown]
    public async Task DropDatabase()
    {
        await _dataSource.DisposeAsync();
        await TestCluster.DropDatabaseAsync(_connectionString);
    }

    [Test]
    public async Task Each_script_is_applied_once_in_name_order_and_recorded_in_the_module_schema()
    {
        var module = Module("books", ("0002_add_title", "ALTER TABLE shelf ADD COLUMN title text;"), ("0001_create", "CREATE TABLE shelf (id int PRIMARY KEY);"));

        var first = await Migrator(module).MigrateAsync();
        var second = await Migrator(module).MigrateAsync();

        first.ShouldBe(2);
        second.ShouldBe(0);
        (await Scalar<long>("SELECT count(*) FROM books.schema_migrations")).ShouldBe(2);
        (await Scalar<long>("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'books' AND table_name = 'shelf'")).ShouldBe(2);
    }

    [Test]
    public async Task The_embedded_scripts_of_an_assembly_are_found()
    {
        var module = new ModuleMigrations("Tests", "kernel_tests", typeof(SqlMigratorTests).Assembly);

        await Migrator(module).MigrateAsync();

        module.Scripts().Select(s => s.Id).ShouldBe(["0001_notes"]);
        (await Scalar<long>("SELECT count(*) FROM kernel_tests.notes")).ShouldBe(0);
    }

    [Test]
    public async Task A_migration_edited_after_it_was_applied_is_refused()
    {
        await Migrator(Module("books", ("0001_create", "CREATE TABLE shelf (id int);"))).MigrateAsync();

        var failure = await Should.ThrowAsync<InvalidOperationException>(
            () => Migrator(Module("books", ("0001_create", "CREATE TABLE shelf (id bigint);"))).MigrateAsync());

        failure.Message.ShouldContain("0001_create");
    }

    [Test]
    public async Task A_failing_script_leaves_nothing_half_written()
    {
        var module = Module("books", ("0001_create", "CREATE TABLE shelf (id int);"), ("0002_broken", "CREATE TABLE half (id int); SELECT no_such_function();"));

        await Should.ThrowAsync<PostgresException>(() => Migrator(module).MigrateAsync());

        (await Scalar<long>("SELECT count(*) FROM books.schema_migrations")).ShouldBe(1);
        (await Scalar<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'books' AND table_name = 'half'")).ShouldBe(0);
    }

    [Test]
    public async Task Nodes_starting_together_apply_each_script_once()
    {
        var module = Module("books", ("0001_create", "CREATE TABLE shelf (id int);"), ("0002_seed", "INSERT INTO shelf VALUES (1);"));

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator(module).MigrateAsync())));

        applied.Sum().ShouldBe(2);
        (await Scalar<long>("SELECT count(*) FROM books.shelf")).ShouldBe(1);
    }

    private SqlMigrator Migrator(params ModuleMigrations[] modules) => new(_dataSource, modules, NullLogger<SqlMigrator>.Instance);

    private static ModuleMigrations Module(string schema, params (string Id, string Sql)[] scripts) =>
        new(schema, schema, new ScriptAssembly(scripts));

    private async Task<T> Scalar<T>(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>An assembly whose only resources are the given migration scripts.</summary>
    private sealed class ScriptAssembly((string Id, string Sql)[] scripts) : Assembly
    {
        public override string[] GetManifestResourceNames() => [.. scripts.Select(s => $"Fake.Migrations.{s.Id}.sql")];

        public override Stream? GetManifestResourceStream(string name) =>
            scripts.Where(s => name == $"Fake.Migrations.{s.Id}.sql").Select(s => new MemoryStream(Encoding.UTF8.GetBytes(s.Sql))).FirstOrDefault();
    }
}
