using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Routing.Contracts;

namespace CaseFlow.Host.Ui;

/// <summary>The service-item catalogue and department names as pages show them, read through the modules' requests.</summary>
internal sealed class Catalogue(ISender sender)
{
    // A center lists a few hundred items (a county center: 241); the list pages read them whole, a page of 200 at a time.
    private const int PageSize = 200;
    private const int MaxPages = 10;

    private readonly Dictionary<string, string> _departmentNames = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<ServiceItemDto>> ItemsAsync(bool publishedOnly, CancellationToken cancellationToken = default)
    {
        var items = new List<ServiceItemDto>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await sender.Send(new ListServiceItems(publishedOnly, after, PageSize), cancellationToken);
            items.AddRange(result.Items);
            if ((after = result.Next) is null)
            {
                break;
            }
        }

        return items;
    }

    /// <summary>The department's name, or its code while the department is not stationed at the center.</summary>
    public async Task<string> DepartmentNameAsync(string code, CancellationToken cancellationToken = default)
    {
        if (!_departmentNames.TryGetValue(code, out var name))
        {
            name = (await sender.Send(new GetDepartment(code), cancellationToken))?.Name ?? code;
            _departmentNames[code] = name;
        }

        return name;
    }
}
