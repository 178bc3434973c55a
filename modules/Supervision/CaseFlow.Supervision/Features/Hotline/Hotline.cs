using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Workflow;
using CaseFlow.Routing.Contracts;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseFlow.Supervision.Features.Hotline;

internal sealed class RegisterHotlineTicketValidator : AbstractValidator<RegisterHotlineTicket>
{
    public RegisterHotlineTicketValidator()
    {
        RuleFor(r => r.Channel).NotNull().WithMessage("Say how the item is transferred: Phone (3 working days) or Written (7).").IsInEnum();
        RuleFor(r => r.CallerName).NotEmpty().MaximumLength(50);
        RuleFor(r => r.CallerPhone).Matches("^[0-9+\\- ]{5,20}$").When(r => !string.IsNullOrEmpty(r.CallerPhone))
            .WithMessage("Give the caller's phone as digits (5 to 20, with + - or spaces), or leave it empty.");
        RuleFor(r => r.Subject).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Content).NotEmpty().MaximumLength(4000);
        RuleFor(r => r.HandlingDepartment).NotEmpty().MaximumLength(50);
        RuleFor(r => r.RequestId).MaximumLength(100);
        RuleFor(r => r.OperatorId).NotEmpty().MaximumLength(100);
        RuleFor(r => r.OperatorName).NotEmpty().MaximumLength(100);
        RuleFor(r => r.CenterCode).NotEmpty().MaximumLength(50);
    }
}

internal sealed class ReplyToHotlineTicketValidator : AbstractValidator<ReplyToHotlineTicket>
{
    public ReplyToHotlineTicketValidator()
    {
        RuleFor(r => r.Number).NotEmpty().MaximumLength(32);
        RuleFor(r => r.Reply).NotEmpty().WithMessage("Write the reply (书面答复): the ticket is closed on it.").MaximumLength(4000);
        RuleFor(r => r.StaffId).NotEmpty().MaximumLength(100);
        RuleFor(r => r.StaffName).NotEmpty().MaximumLength(100);
    }
}

internal sealed class ListHotlineTicketsValidator : AbstractValidator<ListHotlineTickets>
{
    public ListHotlineTicketsValidator() => RuleFor(r => r.Limit).InclusiveBetween(1, 500);
}

internal sealed class ListDepartmentHotlineTicketsValidator : AbstractValidator<ListDepartmentHotlineTickets>
{
    public ListDepartmentHotlineTicketsValidator()
    {
        RuleFor(r => r.DepartmentCode).NotEmpty().MaximumLength(50);
        RuleFor(r => r.Limit).InclusiveBetween(1, 500);
    }
}

internal sealed class GetHotlineStatisticsValidator : AbstractValidator<GetHotlineStatistics>
{
    public GetHotlineStatisticsValidator()
    {
        RuleFor(r => r.CenterCode).NotEmpty().MaximumLength(50);
        RuleFor(r => r.To).GreaterThanOrEqualTo(r => r.From).WithMessage("'to' must not be before 'from'.");
        RuleFor(r => r.To).Must((r, to) => to.DayNumber - r.From.DayNumber <= 3660).WithMessage("A period is at most ten years.");
    }
}

/// <summary>
/// Rule 5 (热线): the operator registers the call or letter and transfers it to the handling department; the
/// <c>hotline-ticket</c> process holds the department's reply task (3 working days for a phone transfer, 7 for a written
/// one) and its non-interrupting timer, which raises the red alert through <see cref="RaiseHotlineOverdue"/>.
/// </summary>
internal sealed class HotlineRegistration(SupervisionDbContext db, ISender sender, TimeProvider clock)
    : IRequestHandler<RegisterHotlineTicket, Result<HotlineTicketDto>>
{
    public const string ProcessKey = "hotline-ticket";
    private const string RegisterTask = "Task_RegisterTicket";

    public async Task<Result<HotlineTicketDto>> Handle(RegisterHotlineTicket request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var requestId = string.IsNullOrWhiteSpace(request.RequestId) ? null : request.RequestId.Trim();
        if (requestId is not null && await ByRequestAsync(requestId, cancellationToken) is { } earlier)
        {
            return earlier.ToDto(now);
        }

        var departmentCode = request.HandlingDepartment.Trim();
        if (await sender.Send(new GetDepartment(departmentCode), cancellationToken) is not { Active: true })
        {
            return Error.Invalid("hotline.department.unknown", $"There is no department {departmentCode} stationed at the center to transfer to.", "handlingDepartment");
        }

        var channel = request.Channel!.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var day = CenterDate.Of(now);
        var sequence = await db.Database.SqlQuery<int>(
                $"""
                INSERT INTO supervision.hotline_counters AS c (region_code, year, last_number) VALUES ({SupervisionModule.DefaultRegion}, {day.Year}, 1)
                ON CONFLICT (region_code, year) DO UPDATE SET last_number = c.last_number + 1
                RETURNING last_number AS "Value"
                """)
            .ToListAsync(cancellationToken);
        var ticket = new HotlineTicket
        {
            Id = Guid.CreateVersion7(now),
            RegionCode = SupervisionModule.DefaultRegion,
            Number = $"RX{day.Year}-{sequence[0]:000000}",
            Channel = channel,
            State = HotlineTicketState.Transferred,
            CallerName = request.CallerName.Trim(),
            CallerPhone = string.IsNullOrWhiteSpace(request.CallerPhone) ? null : request.CallerPhone.Trim(),
            Subject = request.Subject.Trim(),
            Content = request.Content.Trim(),
            DepartmentCode = departmentCode,
            CenterCode = request.CenterCode,
            RegisteredBy = request.OperatorName,
            RegisteredById = request.OperatorId,
            RegisteredAt = now,
            RequestId = requestId,
            LimitWorkingDays = channel == HotlineChannel.Phone ? 3 : 7,
        };
        db.HotlineTickets.Add(ticket);
        try
        {
            // The row is written before the process starts: a second request with the same id waits here on the unique
            // index and, once this one commits, answers this ticket without starting a process of its own.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (requestId is not null && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "hotline_tickets_request" })
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (await ByRequestAsync(requestId, cancellationToken))!.ToDto(now);
        }

        // The process runs on its own connection. Its steps are keyed by the ticket's id, so a retry finds them; should
        // this transaction roll back after them, the instance belongs to no ticket and its service tasks do nothing.
        var started = await sender.Send(new StartProcess(ProcessKey, ticket.Number, new Dictionary<string, object?>(StringComparer.Ordinal), $"hotline-start:{ticket.Id}"), cancellationToken);
        if (!started.Applied)
        {
            return Error.Conflict("hotline.process-refused", $"The hotline process could not start: {started.Error}");
        }

        var register = (await sender.Send(new GetProcessState(ticket.Number, started.InstanceId), cancellationToken))?.OpenTasks.FirstOrDefault(t => t.ElementId == RegisterTask);
        if (register is not null)
        {
            // Only what the process needs to route and time the ticket: no personal data goes into process variables.
            var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["channel"] = channel == HotlineChannel.Phone ? "phone" : "written",
                ["handlingDepartment"] = departmentCode,
            };
            var transferred = await sender.Send(new CompleteProcessTask(started.InstanceId, register.TaskId, request.OperatorId, null, variables, $"hotline-register:{ticket.Id}"), cancellationToken);
            if (!transferred.Applied)
            {
                return Error.Conflict("hotline.process-refused", $"The hotline process refused the transfer: {transferred.Error}");
            }
        }

        var reply = (await sender.Send(new GetProcessState(ticket.Number, started.InstanceId), cancellationToken))?.OpenTasks
            .FirstOrDefault(t => t.CandidateDepartment == departmentCode);
        if (reply is null)
        {
            return Error.Conflict("hotline.process-refused", "The hotline process opened no reply task for the department.");
        }

        ticket.InstanceId = started.InstanceId;
        ticket.ReplyTaskId = reply.TaskId;
        ticket.DueAt = reply.DueAt;
        await db.SaveChangesAsync(cancellationToken);
        await HotlineCounters.AddAsync(db, ticket, day, accepted: 1, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ticket.ToDto(now);
    }

    private Task<HotlineTicket?> ByRequestAsync(string requestId, CancellationToken cancellationToken) =>
        db.HotlineTickets.AsNoTracking().SingleOrDefaultAsync(t => t.RegionCode == SupervisionModule.DefaultRegion && t.RequestId == requestId, cancellationToken);
}

/// <summary>
/// The department's reply. It is recorded first (row lock, one transaction: a second reply or a double click gets 409),
/// then the reply task is completed on the process, which closes the ticket through <see cref="CloseHotlineTicket"/>.
/// The row lock is released before the process step, because that step's service task writes the same row from its own
/// connection. A process step lost to a crash is made again by the next read of the ticket (same idempotency key).
/// </summary>
internal sealed class HotlineReplies(SupervisionDbContext db, ISender sender, TimeProvider clock, ILogger<HotlineReplies> logger)
    : IRequestHandler<ReplyToHotlineTicket, Result<HotlineTicketDto>>, IRequestHandler<GetHotlineTicket, Result<HotlineTicketDto>>
{
    public async Task<Result<HotlineTicketDto>> Handle(ReplyToHotlineTicket request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        HotlineTicket? ticket;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            ticket = await db.HotlineTickets
                .FromSql($"SELECT * FROM supervision.hotline_tickets WHERE region_code = {SupervisionModule.DefaultRegion} AND number = {request.Number} FOR UPDATE")
                .SingleOrDefaultAsync(cancellationToken);
            if (ticket is null)
            {
                return NotFound(request.Number);
            }

            if (!string.Equals(ticket.DepartmentCode, request.StaffDepartment, StringComparison.Ordinal))
            {
                return Error.Forbidden("hotline.other-department", $"Ticket {ticket.Number} was transferred to {ticket.DepartmentCode}; only that department replies to it.");
            }

            if (ticket.RepliedAt is not null || ticket.State == HotlineTicketState.Closed)
            {
                return Error.Conflict("hotline.already-replied", $"Ticket {ticket.Number} has its reply already ({ticket.RepliedBy}).");
            }

            ticket.Reply = request.Reply.Trim();
            ticket.RepliedBy = request.StaffName;
            ticket.RepliedById = request.StaffId;
            ticket.RepliedAt = now;
            ticket.RepliedOnTime = ticket.DueAt is not { } due || now <= due;
            if (ticket.RepliedOnTime == false)
            {
                // A reply after the limit is overdue even when the process's timer has not run yet (it never will now).
                await HotlineOverdue.MarkAsync(db, sender, ticket, now, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await FinishAsync(ticket, cancellationToken);
        return await ReadAsync(ticket.Number, null, cancellationToken);
    }

    public async Task<Result<HotlineTicketDto>> Handle(GetHotlineTicket request, CancellationToken cancellationToken)
    {
        var ticket = await db.HotlineTickets.AsNoTracking()
            .SingleOrDefaultAsync(t => t.RegionCode == SupervisionModule.DefaultRegion && t.Number == request.Number, cancellationToken);
        if (ticket is null || (request.DepartmentOnly is { } department && ticket.DepartmentCode != department))
        {
            return NotFound(request.Number);
        }

        if (ticket.RepliedAt is not null && ticket.State != HotlineTicketState.Closed)
        {
            await FinishAsync(ticket, cancellationToken);
            return await ReadAsync(ticket.Number, request.DepartmentOnly, cancellationToken);
        }

        return ticket.ToDto(clock.GetUtcNow());
    }

    /// <summary>Completes the reply task for a recorded reply; idempotent on the ticket, so a retry after a crash repeats nothing.</summary>
    private async Task FinishAsync(HotlineTicket ticket, CancellationToken cancellationToken)
    {
        if (ticket.InstanceId is not { } instanceId || ticket.ReplyTaskId is not { } taskId)
        {
            return;
        }

        var step = await sender.Send(new CompleteProcessTask(instanceId, taskId, ticket.RepliedById ?? ticket.RepliedBy ?? "department", "replied", null, $"hotline-reply:{ticket.Id}"), cancellationToken);
        if (!step.Applied)
        {
            logger.LogWarning("The hotline process of ticket {Number} refused the reply step: {Error}", ticket.Number, step.Error);
        }
    }

    private async Task<Result<HotlineTicketDto>> ReadAsync(string number, string? departmentOnly, CancellationToken cancellationToken)
    {
        var ticket = await db.HotlineTickets.AsNoTracking()
            .SingleOrDefaultAsync(t => t.RegionCode == SupervisionModule.DefaultRegion && t.Number == number, cancellationToken);
        return ticket is null || (departmentOnly is not null && ticket.DepartmentCode != departmentOnly) ? NotFound(number) : ticket.ToDto(clock.GetUtcNow());
    }

    internal static Error NotFound(string number) => Error.NotFound("hotline.not-found", $"There is no hotline ticket {number}.");
}

/// <summary>The lists: every ticket for the hotline desk and supervisors, one department's for its approvers.</summary>
internal sealed class HotlineLists(SupervisionDbContext db, TimeProvider clock)
    : IRequestHandler<ListHotlineTickets, Page<HotlineTicketDto>>, IRequestHandler<ListDepartmentHotlineTickets, IReadOnlyList<HotlineTicketDto>>
{
    public async Task<Page<HotlineTicketDto>> Handle(ListHotlineTickets request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var query = db.HotlineTickets.AsNoTracking().Where(t => t.RegionCode == SupervisionModule.DefaultRegion);
        if (request.State is { } state)
        {
            query = query.Where(t => t.State == state);
        }

        if (request.OverdueOnly)
        {
            query = query.Where(t => t.OverdueAt != null || t.RepliedOnTime == false || (t.RepliedAt == null && t.DueAt < now));
        }

        // Keyset paging on the id (UUID v7: time ordered), newest first.
        if (Guid.TryParse(request.Before, out var before))
        {
            query = query.Where(t => t.Id < before);
        }

        var rows = await query.OrderByDescending(t => t.Id).Take(request.Limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > request.Limit ? rows[request.Limit - 1].Id.ToString() : null;
        return new Page<HotlineTicketDto>([.. rows.Take(request.Limit).Select(t => t.ToDto(now))], next);
    }

    public async Task<IReadOnlyList<HotlineTicketDto>> Handle(ListDepartmentHotlineTickets request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var query = db.HotlineTickets.AsNoTracking()
            .Where(t => t.RegionCode == SupervisionModule.DefaultRegion && t.DepartmentCode == request.DepartmentCode && t.State == request.State);
        // Open work earliest due first; closed tickets newest first.
        var rows = request.State == HotlineTicketState.Transferred
            ? await query.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(request.Limit).ToListAsync(cancellationToken)
            : await query.OrderByDescending(t => t.Id).Take(request.Limit).ToListAsync(cancellationToken);
        return [.. rows.Select(t => t.ToDto(now))];
    }
}

/// <summary>The red alert (超时督办) for a ticket: a ledger entry, once per ticket, and the ticket marked.</summary>
internal static class HotlineOverdue
{
    public static string SourceKey(string number) => $"hotline:{number}:overdue";

    /// <summary>Call inside the caller's transaction: the ledger entry (idempotent on its source key), the mark and the count go together.</summary>
    public static async Task MarkAsync(SupervisionDbContext db, ISender sender, HotlineTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channel = ticket.Channel == HotlineChannel.Phone ? "phone transfer (电话转办)" : "written transfer (书面转办)";
        await sender.Send(
            new RecordLedgerEntry(
                LedgerEntryKind.Overdue,
                SourceKey(ticket.Number),
                "hotline-ticket",
                ticket.Number,
                ticket.DepartmentCode,
                $"Hotline ticket {ticket.Number} ({channel} to {ticket.DepartmentCode}) not answered within {ticket.LimitWorkingDays} working days: {ticket.Subject}",
                ticket.DueAt ?? now),
            cancellationToken);
        if (ticket.OverdueAt is null)
        {
            ticket.OverdueAt = now;
            await HotlineCounters.AddAsync(db, ticket, CenterDate.Of(now), overdues: 1, cancellationToken: cancellationToken);
        }
    }
}

/// <summary>
/// The process's service tasks. Both find the ticket by the instance (an instance whose registration rolled back has no
/// ticket, and does nothing) and are idempotent: delivery is at least once.
/// </summary>
internal sealed class HotlineServiceTasks(SupervisionDbContext db, ISender sender, TimeProvider clock, ILogger<HotlineServiceTasks> logger)
    : IRequestHandler<RaiseHotlineOverdue, ServiceTaskResult>, IRequestHandler<CloseHotlineTicket, ServiceTaskResult>
{
    public async Task<ServiceTaskResult> Handle(RaiseHotlineOverdue request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(request, cancellationToken) is not { } ticket)
        {
            return ServiceTaskResult.None;
        }

        // A reply recorded in time whose process step is still on its way is not overdue.
        if (ticket.RepliedOnTime != true && ticket.State != HotlineTicketState.Closed)
        {
            await HotlineOverdue.MarkAsync(db, sender, ticket, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ServiceTaskResult.None;
    }

    public async Task<ServiceTaskResult> Handle(CloseHotlineTicket request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(request, cancellationToken) is not { } ticket)
        {
            return ServiceTaskResult.None;
        }

        if (ticket.State != HotlineTicketState.Closed)
        {
            // The process closes the ticket on the reply task's completion; the reply is normally recorded by then. A
            // reply task completed some other way (the generic task API) closes it too, timed by its closing.
            ticket.State = HotlineTicketState.Closed;
            ticket.ClosedAt = now;
            ticket.RepliedOnTime ??= ticket.DueAt is not { } due || now <= due;
            await db.SaveChangesAsync(cancellationToken);
            await HotlineCounters.AddAsync(db, ticket, CenterDate.Of(now), completed: 1, completedOnTime: ticket.RepliedOnTime == true ? 1 : 0, cancellationToken: cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ServiceTaskResult.None;
    }

    private async Task<HotlineTicket?> LockAsync(ServiceTaskRequest request, CancellationToken cancellationToken)
    {
        var ticket = await db.HotlineTickets
            .FromSql($"SELECT * FROM supervision.hotline_tickets WHERE instance_id = {request.InstanceId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (ticket is null)
        {
            logger.LogWarning("Hotline process instance {Instance} ({Element}) belongs to no ticket; nothing to do", request.InstanceId, request.ElementId);
        }

        return ticket;
    }
}

/// <summary>The hotline's daily counters, one upsert per event inside the event's own transaction.</summary>
internal static class HotlineCounters
{
    public static Task AddAsync(
        SupervisionDbContext db, HotlineTicket ticket, DateOnly day, int accepted = 0, int completed = 0, int completedOnTime = 0, int overdues = 0, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO supervision.hotline_daily_statistics AS s (region_code, center_code, department_code, day, accepted, completed, completed_on_time, overdues)
            VALUES ({SupervisionModule.DefaultRegion}, {ticket.CenterCode}, {ticket.DepartmentCode}, {day}, {accepted}, {completed}, {completedOnTime}, {overdues})
            ON CONFLICT (region_code, center_code, day, department_code) DO UPDATE SET
                accepted = s.accepted + EXCLUDED.accepted,
                completed = s.completed + EXCLUDED.completed,
                completed_on_time = s.completed_on_time + EXCLUDED.completed_on_time,
                overdues = s.overdues + EXCLUDED.overdues
            """,
            cancellationToken);
}

/// <summary>Sums the daily counters of the period: one indexed range read, whatever the number of tickets.</summary>
internal sealed class GetHotlineStatisticsHandler(SupervisionDbContext db) : IRequestHandler<GetHotlineStatistics, HotlineStatistics>
{
    public async Task<HotlineStatistics> Handle(GetHotlineStatistics request, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<HotlineSums>(
                $"""
                SELECT department_code AS "Code", sum(accepted)::int AS "Accepted", sum(completed)::int AS "Completed",
                       sum(completed_on_time)::int AS "CompletedOnTime", sum(overdues)::int AS "Overdues"
                FROM supervision.hotline_daily_statistics
                WHERE region_code = {SupervisionModule.DefaultRegion} AND center_code = {request.CenterCode} AND day BETWEEN {request.From} AND {request.To}
                GROUP BY department_code
                """)
            .ToListAsync(cancellationToken);
        var departments = rows.OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => Figures(r.Code, r.Accepted, r.Completed, r.CompletedOnTime, r.Overdues)).ToList();
        var center = Figures(request.CenterCode, rows.Sum(r => r.Accepted), rows.Sum(r => r.Completed), rows.Sum(r => r.CompletedOnTime), rows.Sum(r => r.Overdues));
        return new HotlineStatistics(request.CenterCode, request.From, request.To, center, departments);
    }

    private static HotlineFigures Figures(string code, int accepted, int completed, int onTime, int overdues) =>
        new(code, accepted, completed, onTime, overdues, Rate(completed, accepted), Rate(onTime, completed));

    private static decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);

    private sealed record HotlineSums(string Code, int Accepted, int Completed, int CompletedOnTime, int Overdues);
}
