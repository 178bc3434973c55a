using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Intake.Contracts;

/// <summary>Lists the catalogue by code a page at a time (keyset after <paramref name="After"/>); published items only when asked.</summary>
public sealed record ListServiceItems(bool PublishedOnly, string? After, int Limit) : IRequest<Page<ServiceItemDto>>;

/// <summary>The file formats the catalogue is imported and exported in (docs/CATALOGUE.md).</summary>
public enum CatalogueFormat
{
    /// <summary>A JSON array of catalogue entries.</summary>
    Json,

    /// <summary>One CSV record per entry; lists are JSON cells.</summary>
    Csv,
}

/// <summary>The whole catalogue, published or not, ordered by code, as a file in <paramref name="Format"/>.</summary>
public sealed record ExportCatalogue(CatalogueFormat Format) : IRequest<string>;

/// <summary>
/// Imports a catalogue file all or nothing: every row is checked first; any problem leaves the catalogue untouched. A new
/// code becomes version 1; an existing code gets a new version only when something in its row changed.
/// </summary>
public sealed record ImportCatalogue(CatalogueFormat Format, string Content) : IRequest<CatalogueImportResult>;

/// <summary>What an import did, or every problem that stopped it (then nothing was written).</summary>
public sealed record CatalogueImportResult(int Created, int Changed, int Unchanged, IReadOnlyList<CatalogueProblem> Problems)
{
    /// <summary>True when the file was taken (no problems).</summary>
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>One problem of an import: the row (1 = the first entry; a CSV header is not counted, 0 = the file as a whole), the field and why.</summary>
public sealed record CatalogueProblem(int Row, string Field, string Message);
