using CaseFlow.Kernel.Access;

namespace CaseFlow.Kernel.Handovers;

/// <summary>How a module's handovers are timed; each module binds its own section (<c>CaseFlow:Inquiries</c>, <c>CaseFlow:Routing</c>).</summary>
public class HandoverOptions
{
    /// <summary>Working hours a receiver has to acknowledge a transfer before it is escalated to e-supervision.</summary>
    public int AcknowledgeWithinWorkingHours { get; set; } = 4;

    /// <summary>When the escalation sweep looks for overdue acknowledgements (a Quartz cron with seconds): every 30 seconds.</summary>
    public string SweepCron { get; set; } = "0/30 * * * * ?";
}

/// <summary>What became of an attempt to acknowledge a handover.</summary>
public enum HandoverAcknowledgement
{
    /// <summary>The actor took the matter over now; the module moves accountability to them.</summary>
    Acknowledged,

    /// <summary>The actor is not on the receiving side, or handed the matter over themselves.</summary>
    NotTheReceiver,

    /// <summary>The actor had already acknowledged it (a repeated click); nothing changed.</summary>
    AlreadyAcknowledgedByActor,

    /// <summary>Someone else acknowledged it first; nothing changed.</summary>
    AlreadyAcknowledged,
}

/// <summary>
/// A transfer (转办) under first-contact responsibility (rule 1): a handover the receiver must acknowledge. Until they do,
/// whoever was accountable stays accountable; only the acknowledgement moves accountability. An acknowledgement not made
/// by <see cref="AcknowledgeDueAt"/> (working hours after the request) is escalated to e-supervision once, by the
/// module's <see cref="HandoverEscalationJob{THandover}"/>. A module's transfer row derives from this class and adds the
/// kind of receiver and who handed it over; the module moves accountability.
/// </summary>
public abstract class Handover
{
    public Guid Id { get; init; }

    /// <summary>Where the matter goes: the code of the window or department, or the person's id (the module's kind says which).</summary>
    public required string ToCode { get; init; }

    /// <summary>Why it is handed over; a transfer always states its reason.</summary>
    public required string Reason { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset AcknowledgeDueAt { get; init; }

    public string? AcknowledgedBy { get; set; }

    public string? AcknowledgedByName { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>The id of the person who handed the matter over: they cannot take it back by acknowledging it.</summary>
    protected abstract string HandedOverBy { get; }

    /// <summary>Whether <paramref name="actor"/> is on the receiving side: the person named, or staff of the window or department.</summary>
    protected abstract bool IsAddressedTo(Actor actor);

    /// <summary>Rule 1: only the receiver takes the matter over, once; records who and when if this is that moment.</summary>
    public HandoverAcknowledgement Acknowledge(Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!IsAddressedTo(actor) || HandedOverBy == actor.Id)
        {
            return HandoverAcknowledgement.NotTheReceiver;
        }

        if (AcknowledgedAt is not null)
        {
            return AcknowledgedBy == actor.Id ? HandoverAcknowledgement.AlreadyAcknowledgedByActor : HandoverAcknowledgement.AlreadyAcknowledged;
        }

        AcknowledgedBy = actor.Id;
        AcknowledgedByName = actor.Name;
        AcknowledgedAt = at;
        return HandoverAcknowledgement.Acknowledged;
    }
}
