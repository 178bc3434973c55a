using System.Text.Json;
using CaseFlow.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Kernel.Outbox;

/// <summary>A notification written in the same transaction as the change it reports, published after commit.</summary>
public sealed class OutboxMessage
{
    public long Id { get; init; }

    /// <summary>The notification's assembly-qualified type name (without version), to deserialize it by.</summary>
    public required string Type { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }
}

public static class OutboxExtensions
{
    /// <summary>Maps the module's <c>outbox</c> table (created by the migrator in every module schema); call in OnModelCreating.</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OutboxMessage>(message =>
        {
            message.ToTable("outbox");
            message.HasKey(m => m.Id);
            message.Property(m => m.Id).UseIdentityAlwaysColumn();
            message.Property(m => m.Payload).HasColumnType("jsonb");
        });
        return modelBuilder;
    }

    /// <summary>
    /// Adds a notification to the context's outbox: it is saved by the same SaveChanges as the change it reports, so
    /// either both are committed or neither is, and the dispatcher publishes it (at least once) after commit.
    /// </summary>
    public static void AddNotification(this DbContext context, INotification notification, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(notification);
        var type = notification.GetType();
        context.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Type = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Payload = JsonSerializer.Serialize(notification, type, OutboxJson.Options),
            OccurredAt = occurredAt,
            NextAttemptAt = occurredAt,
        });
    }
}

internal static class OutboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
