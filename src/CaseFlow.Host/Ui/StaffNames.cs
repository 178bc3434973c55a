using CaseFlow.Host.Access;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Host.Ui;

/// <summary>Staff display names for the ids the modules record (who claimed, who signed): people read names, not ids.</summary>
internal sealed class StaffNames(AccessDbContext db)
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public async Task LoadAsync(IEnumerable<string?> ids, CancellationToken cancellationToken = default)
    {
        var wanted = ids.OfType<string>().Where(id => !_names.ContainsKey(id)).Distinct().ToList();
        var guids = wanted.Select(id => Guid.TryParse(id, out var g) ? g : (Guid?)null).OfType<Guid>().ToList();
        if (guids.Count == 0)
        {
            return;
        }

        foreach (var account in await db.StaffAccounts.AsNoTracking().Where(s => guids.Contains(s.Id)).Select(s => new { s.Id, s.DisplayName }).ToListAsync(cancellationToken))
        {
            _names[account.Id.ToString()] = account.DisplayName;
        }
    }

    /// <summary>The name, or the id itself when it is no staff account (a system, an API key).</summary>
    public string Of(string? id) => id is null ? "—" : _names.GetValueOrDefault(id, id);
}
