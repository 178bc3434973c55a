using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using CaseFlow.Routing.Contracts;
using CaseFlow.Routing.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CaseFlow.Routing.Features.Departments;

internal sealed record ListDepartments : IRequest<IReadOnlyList<DepartmentDto>>;

internal sealed record AddDepartment(string Code, string Name) : IRequest<Result<DepartmentDto>>;

internal sealed class AddDepartmentValidator : AbstractValidator<AddDepartment>
{
    public AddDepartmentValidator()
    {
        RuleFor(d => d.Code).NotEmpty().MaximumLength(64).Matches("^[a-z0-9-]+$")
            .WithMessage("A department code is lower-case letters, digits and hyphens.");
        RuleFor(d => d.Name).NotEmpty().MaximumLength(100);
    }
}

internal sealed class ListDepartmentsHandler(RoutingDbContext db) : IRequestHandler<ListDepartments, IReadOnlyList<DepartmentDto>>
{
    public async Task<IReadOnlyList<DepartmentDto>> Handle(ListDepartments request, CancellationToken cancellationToken) =>
        await db.Departments.AsNoTracking()
            .Where(d => d.RegionCode == RoutingModule.DefaultRegion)
            .OrderBy(d => d.Code)
            .Select(d => new DepartmentDto(d.Code, d.Name, d.Active))
            .ToListAsync(cancellationToken);
}

internal sealed class GetDepartmentHandler(RoutingDbContext db) : IRequestHandler<GetDepartment, DepartmentDto?>
{
    public async Task<DepartmentDto?> Handle(GetDepartment request, CancellationToken cancellationToken) =>
        (await db.Departments.AsNoTracking()
            .SingleOrDefaultAsync(d => d.RegionCode == RoutingModule.DefaultRegion && d.Code == request.Code, cancellationToken))
        ?.ToDto();
}

internal sealed class ListWindowsHandler(RoutingDbContext db) : IRequestHandler<ListWindows, IReadOnlyList<WindowDto>>
{
    public async Task<IReadOnlyList<WindowDto>> Handle(ListWindows request, CancellationToken cancellationToken) =>
        await db.Windows.AsNoTracking()
            .Where(w => w.RegionCode == RoutingModule.DefaultRegion)
            .OrderBy(w => w.Code)
            .Select(w => new WindowDto(w.Code, w.Name, w.DepartmentCode))
            .ToListAsync(cancellationToken);
}

internal sealed class AddDepartmentHandler(RoutingDbContext db, TimeProvider clock) : IRequestHandler<AddDepartment, Result<DepartmentDto>>
{
    public async Task<Result<DepartmentDto>> Handle(AddDepartment request, CancellationToken cancellationToken)
    {
        var department = new Department { RegionCode = RoutingModule.DefaultRegion, Code = request.Code, Name = request.Name, CreatedAt = clock.GetUtcNow() };
        db.Departments.Add(department);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Error.Conflict("department.duplicate-code", $"The department {request.Code} already exists.");
        }

        return department.ToDto();
    }
}

internal static class DepartmentEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/departments", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new ListDepartments(), ct)))
            .AllowAnonymous()
            .WithName("ListDepartments")
            .WithSummary("Lists the departments stationed at the center.")
            .Produces<IReadOnlyList<DepartmentDto>>();

        group.MapGet("/windows", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new ListWindows(), ct)))
            .AllowAnonymous()
            .WithName("ListWindows")
            .WithSummary("Lists the center's service windows.")
            .Produces<IReadOnlyList<WindowDto>>();

        group.MapPost("/departments", async (AddDepartment request, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(request, ct);
                return result.IsSuccess
                    ? Results.Created($"/api/routing/departments/{result.Value.Code}", result.Value)
                    : result.Error!.ToProblem();
            })
            .RequireAuthorization(Policies.Administrators)
            .WithName("AddDepartment")
            .WithSummary("Stations a department at the center.")
            .Produces<DepartmentDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
