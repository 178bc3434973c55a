using CaseFlow.Kernel.Primitives;
using FluentValidation;

namespace CaseFlow.Host.Ui;

/// <summary>
/// A form's errors by field, from the same failures the API turns into ProblemDetails: a module's <see cref="Error"/>
/// (with its field) or the validation pipeline's failures. What names no field of the form is shown above it.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _general = [];

    public bool Any => _general.Count > 0 || _byField.Count > 0;

    public IReadOnlyList<string> General => _general;

    /// <summary>Field names as the API reports them: "applicant.idNumber", "materials[0].code", "reasons".</summary>
    public IEnumerable<string> Fields => _byField.Keys;

    public void Add(string? field, string message)
    {
        if (string.IsNullOrEmpty(field))
        {
            _general.Add(message);
            return;
        }

        var key = Normalize(field);
        if (!_byField.TryGetValue(key, out var list))
        {
            _byField[key] = list = [];
        }

        list.Add(message);
    }

    public void Add(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Add(error.Field, error.Message);
    }

    public void Add(ValidationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var failure in exception.Errors)
        {
            Add(failure.PropertyName, failure.ErrorMessage);
        }
    }

    public IReadOnlyList<string> For(string field) => _byField.TryGetValue(Normalize(field), out var list) ? list : [];

    public bool Has(string field) => _byField.ContainsKey(Normalize(field));

    /// <summary>Messages whose field the form did not place next to an input: they go above the form, never lost.</summary>
    public IEnumerable<string> Unplaced(IEnumerable<string> placed)
    {
        var shown = new HashSet<string>(placed.Select(Normalize), StringComparer.OrdinalIgnoreCase);
        return _general.Concat(_byField.Where(f => !shown.Contains(f.Key)).SelectMany(f => f.Value));
    }

    // "Applicant.IdNumber" (FluentValidation) and "applicant.idNumber" (a handler) are the same field.
    private static string Normalize(string field) => field.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
