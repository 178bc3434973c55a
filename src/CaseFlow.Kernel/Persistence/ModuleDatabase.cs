using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.NameTranslation;

namespace CaseFlow.Kernel.Persistence;

public static class ModuleDatabase
{
    /// <summary>
    /// Registers a module's DbContext on the shared data source with the module's own schema, and the module's SQL
    /// migrations for the Host to apply at start and for <c>caseflow migrate</c>.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, string module, string schema)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDbContext<TContext>((sp, options) => Configure(options, sp.GetRequiredService<NpgsqlDataSource>(), schema));
        services.AddSingleton(new ModuleMigrations(module, schema, typeof(TContext).Assembly));
        return services;
    }

    /// <summary>Npgsql options every module context shares; its own migrations history stays in its schema.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource, string schema)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("schema_migrations", schema));
    }

    /// <summary>
    /// Makes a context that has not yet opened its connection work inside a transaction someone else owns (the outbox
    /// dispatcher's, for an <see cref="Messaging.IBatchNotificationHandler{TNotification}"/>): its queries and SaveChanges
    /// run on that connection in that transaction, and the owner commits or rolls back.
    /// </summary>
    public static async Task UseTransactionOfAsync(this DatabaseFacade database, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(transaction);
        database.SetDbConnection(transaction.Connection, contextOwnsConnection: false);
        await database.UseTransactionAsync(transaction, cancellationToken);
    }

    private static readonly NpgsqlSnakeCaseNameTranslator Translator = new();

    /// <summary>Puts every entity of the model in <paramref name="schema"/> with snake_case table, column, key and index names.</summary>
    public static ModelBuilder UseModuleConventions(this ModelBuilder modelBuilder, string schema)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasDefaultSchema(schema);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table)
            {
                entity.SetTableName(Translator.TranslateMemberName(table));
            }

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(Translator.TranslateMemberName(property.GetColumnName()));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(Translator.TranslateMemberName(key.GetName()!));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(Translator.TranslateMemberName(foreignKey.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(Translator.TranslateMemberName(index.GetDatabaseName()!));
            }
        }

        return modelBuilder;
    }
}
