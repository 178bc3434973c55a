using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Host.Access;

/// <summary>
/// The data-protection key ring in PostgreSQL, so that a cookie issued by one node is read by every other
/// (the EF Core key-store package is not available here).
/// </summary>
internal sealed class DatabaseKeyRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
        return [.. db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).AsEnumerable().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AccessDbContext>();
        db.Database.ExecuteSql(
            $"INSERT INTO access.data_protection_keys (friendly_name, xml) VALUES ({friendlyName}, {element.ToString(SaveOptions.DisableFormatting)}) ON CONFLICT (friendly_name) DO NOTHING");
    }
}
