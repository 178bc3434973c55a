using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Features.Tasks;
using CaseFlow.Approval.Persistence;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Kernel.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Features.SignOff;

/// <summary>
/// Signs a department task: the opinion is stored here and the outcome is passed to the process, which decides what
/// happens next (a review's supplement request goes back to the window; the lead's decision approves or refuses).
/// </summary>
internal sealed class SignOffTaskHandler(ApprovalDbContext db, ISender sender, TaskMirror mirror, TimeProvider clock)
    : IRequestHandler<SignOffTask, Result<DepartmentTaskDto>>
{
    internal const int MaxText = 4000;

    public async Task<Result<DepartmentTaskDto>> Handle(SignOffTask request, CancellationToken cancellationToken)
    {
        var signed = await SignAsync(request, cancellationToken);
        if (signed.IsSuccess)
        {
            // After commit, so the mirror sees the tasks the process opened or closed with this step.
            await mirror.SyncAsync(signed.Value.CaseNumber, cancellationToken);
        }

        return signed;
    }

    private async Task<Result<DepartmentTaskDto>> SignAsync(SignOffTask request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The row lock serializes a sign-off with a concurrent claim or a second sign-off of the same task.
        var task = await db.DepartmentTasks
            .FromSqlInterpolated($"SELECT * FROM approval.department_tasks WHERE id = {request.TaskId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (task is null)
        {
            return TaskAccess.NotFound(request.TaskId);
        }

        if (TaskAccess.MaySign(request.Actor, task) is { } denied)
        {
            return denied;
        }

        if (task.State is not (DepartmentTaskState.Opened or DepartmentTaskState.Claimed))
        {
            return Error.Conflict("approval.task-not-open", $"The task is {task.State}; it has already been signed or closed.");
        }

        if (task.State == DepartmentTaskState.Claimed && task.ClaimedBy != request.Actor.Id)
        {
            return Error.Conflict("approval.task-claimed", $"The task has been claimed by {task.ClaimedBy}; only they may sign it.");
        }

        var approval = await db.Cases.AsNoTracking().SingleAsync(c => c.RegionCode == task.RegionCode && c.CaseNumber == task.CaseNumber, cancellationToken);
        if (Validate(task, approval, request.Body) is { } invalid)
        {
            return invalid;
        }

        var body = request.Body;
        var outcome = body.Outcome!;
        if (IsSupplement(task, outcome))
        {
            // Rule 2 (一次告知) is checked before anything is written. Supplement requests of one case take turns, so two
            // departments asking at once cannot both pass as "the one notice" (a transaction-scoped advisory lock: the
            // process step below runs on its own connection and must not wait on a row this transaction holds).
            var lockKey = $"approval-supplement:{task.RegionCode}:{task.CaseNumber}";
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockKey}, 0))", cancellationToken);
            if (await CheckSupplementAsync(task, body.Materials!, cancellationToken) is { } refused)
            {
                return refused;
            }
        }

        var variables = task.Kind == DepartmentTaskKind.Decision
            ? new Dictionary<string, object?>(StringComparer.Ordinal) { ["decision"] = outcome, ["refusalReasons"] = body.Reasons, ["legalBasis"] = body.LegalBasis }
            : IsRefusal(task, approval, outcome)
                ? new Dictionary<string, object?>(StringComparer.Ordinal) { ["refusalReasons"] = body.Reasons, ["legalBasis"] = body.LegalBasis }
                : IsSupplement(task, outcome)
                    ? new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["supplementMaterials"] = body.Materials!.Select(m => new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = m!.Code!.Trim(), ["problem"] = m.Problem!.Trim() }).ToList(),
                        ["supplementReason"] = body.Opinion!.Trim(),
                    }
                    : null;
        var step = await sender.Send(
            new CompleteProcessTask(task.InstanceId, task.ProcessTaskId, request.Actor.Id, outcome, variables, $"approval-sign-off:{task.Id}"),
            cancellationToken);
        if (!step.Applied)
        {
            return Error.Conflict("approval.process-refused", $"The process cannot take this step: {step.Error}");
        }

        var now = clock.GetUtcNow();
        task.State = StateAfter(task.Kind, outcome);
        task.ClaimedBy ??= request.Actor.Id;
        task.ClaimedAt ??= now;
        task.ClosedAt = now;
        db.Opinions.Add(new Opinion
        {
            Id = Guid.CreateVersion7(now),
            RegionCode = task.RegionCode,
            CaseNumber = task.CaseNumber,
            DepartmentTaskId = task.Id,
            DepartmentCode = task.DepartmentCode,
            Kind = task.Kind,
            Outcome = outcome,
            Text = body.Opinion!.Trim(),
            Reasons = body.Reasons?.Trim(),
            LegalBasis = body.LegalBasis?.Trim(),
            SignedBy = request.Actor.Id,
            SignedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return task.ToDto();
    }

    /// <summary>
    /// Asks Intake whether the single-notice rule lets the case be held for these materials now: on a case without a
    /// notice this request becomes its one notice; after a notice only what it listed, unless a supervisor's override
    /// is waiting (its use is then recorded as a violation by Intake).
    /// </summary>
    private async Task<Error?> CheckSupplementAsync(DepartmentTask task, IReadOnlyList<SupplementMaterialBody?> materials, CancellationToken cancellationToken)
    {
        var codes = materials.Select(m => m!.Code!.Trim()).ToList();
        var check = await sender.Send(new CheckSupplementRequest(task.CaseNumber, codes), cancellationToken);
        if (check.Allowed)
        {
            return null;
        }

        var index = check.Material is { } material ? codes.IndexOf(material) : -1;
        var message = check.Message ?? "The single-notice rule does not allow this supplement request.";
        return check.ErrorCode switch
        {
            "intake.material.unknown" or "intake.notice.already-issued" when index >= 0 =>
                new Error(check.ErrorCode, message, ErrorKind.Invalid, $"materials[{index}].code"),
            "intake.supplement.no-materials" => Error.Invalid(check.ErrorCode, message, "materials"),
            _ => Error.Conflict(check.ErrorCode ?? "approval.supplement-refused", message),
        };
    }

    private static readonly string[] ReviewOutcomes = ["approve", "reject", "supplement"];
    private static readonly string[] DecisionOutcomes = ["approve", "refuse"];
    private static readonly string[] DistributionOutcomes = ["distribute"];

    private static Error? Validate(DepartmentTask task, ApprovalCase approval, SignOffBody body)
    {
        var allowed = task.Kind switch
        {
            DepartmentTaskKind.Distribution => DistributionOutcomes,
            DepartmentTaskKind.Decision => DecisionOutcomes,
            _ => ReviewOutcomes,
        };
        if (body.Outcome is null || !allowed.Contains(body.Outcome, StringComparer.Ordinal))
        {
            return Error.Invalid("approval.invalid-outcome", $"The outcome of a {task.Kind.ToString().ToLowerInvariant()} task is one of: {string.Join(", ", allowed)}.", "outcome");
        }

        if (string.IsNullOrWhiteSpace(body.Opinion))
        {
            return Error.Invalid("approval.opinion-required", "Write the opinion (审查意见): a sign-off without one is not accepted.", "opinion");
        }

        if (body.Opinion.Length > MaxText || body.Reasons?.Length > MaxText || body.LegalBasis?.Length > MaxText)
        {
            return Error.Invalid("approval.text-too-long", $"The opinion, reasons and legal basis are at most {MaxText} characters each.", "opinion");
        }

        if (IsSupplement(task, body.Outcome))
        {
            if (ValidateMaterials(body.Materials) is { } invalid)
            {
                return invalid;
            }
        }
        else if (body.Materials is { Count: > 0 })
        {
            return Error.Invalid("approval.materials-not-asked", "Materials are named only with the outcome supplement.", "materials");
        }

        if (IsRefusal(task, approval, body.Outcome))
        {
            // Administrative Licensing Law art. 38: a refusal states its reasons and the legal basis, and the right of appeal.
            if (string.IsNullOrWhiteSpace(body.Reasons))
            {
                return Error.Invalid("approval.reasons-required", "A refusal must state its reasons.", "reasons");
            }

            if (string.IsNullOrWhiteSpace(body.LegalBasis))
            {
                return Error.Invalid("approval.legal-basis-required", "A refusal must state its legal basis.", "legalBasis");
            }
        }

        return null;
    }

    internal const int MaxMaterials = 50;

    private static Error? ValidateMaterials(IReadOnlyList<SupplementMaterialBody?>? materials)
    {
        // Rule 2 (一次告知): a request for more material names all of it at once, each with what is wrong.
        if (materials is null || materials.Count == 0)
        {
            return Error.Invalid("approval.materials-required", "A supplement request lists every material asked for, each with its problem (一次告知).", "materials");
        }

        if (materials.Count > MaxMaterials)
        {
            return Error.Invalid("approval.too-many-materials", $"At most {MaxMaterials} materials.", "materials");
        }

        for (var i = 0; i < materials.Count; i++)
        {
            var material = materials[i];
            if (material is null || string.IsNullOrWhiteSpace(material.Code) || material.Code.Length > 32)
            {
                return Error.Invalid("approval.material-code-required", "Name the material by its code in the item's list (at most 32 characters).", $"materials[{i}].code");
            }

            if (string.IsNullOrWhiteSpace(material.Problem) || material.Problem.Length > 500)
            {
                return Error.Invalid("approval.material-problem-required", "Say what is missing or wrong with the material (at most 500 characters).", $"materials[{i}].problem");
            }

            if (materials.Take(i).Any(m => string.Equals(m!.Code!.Trim(), material.Code.Trim(), StringComparison.Ordinal)))
            {
                return Error.Invalid("approval.material-repeated", $"The material {material.Code} is listed twice.", $"materials[{i}].code");
            }
        }

        return null;
    }

    private static bool IsSupplement(DepartmentTask task, string? outcome) => task.Kind == DepartmentTaskKind.Review && outcome == "supplement";

    /// <summary>An outcome that ends the case refused: the lead's refusal, or the single department's rejection.</summary>
    private static bool IsRefusal(DepartmentTask task, ApprovalCase approval, string outcome) =>
        (task.Kind == DepartmentTaskKind.Decision && outcome == "refuse")
        || (approval.ProcessKey == "approval-single" && outcome == "reject");

    private static DepartmentTaskState StateAfter(DepartmentTaskKind kind, string outcome) => (kind, outcome) switch
    {
        (DepartmentTaskKind.Distribution, _) => DepartmentTaskState.Distributed,
        (_, "approve") => DepartmentTaskState.Approved,
        (_, "reject") => DepartmentTaskState.Rejected,
        (_, "refuse") => DepartmentTaskState.Refused,
        _ => DepartmentTaskState.SupplementRequested,
    };
}

internal static class SignOffEndpoints
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/tasks/{id:guid}/sign-off", async (Guid id, SignOffBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new SignOffTask(id, context.Actor()!, body), ct)).ToHttp())
            .RequireAuthorization(Policies.Approvers)
            .WithName("SignOffDepartmentTask")
            .WithSummary("Signs a task with an outcome and a written opinion (a refusal also with reasons and legal basis, a supplement request with every material and its problem); the process moves on.")
            .Produces<DepartmentTaskDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
