using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace CaseFlow.Workflow.Expressions;

/// <summary>
/// Case variables are JSON-like. Every value the evaluator sees is normalized to one of: null, bool, decimal, string,
/// a list, or a string-keyed dictionary, so comparisons never depend on how a caller happened to box a number.
/// </summary>
internal static class Values
{
    public static object? Normalize(object? value) => value switch
    {
        null => null,
        bool or decimal or string => value,
        JsonElement element => FromJson(element),
        int i => (decimal)i,
        long l => (decimal)l,
        short s => (decimal)s,
        byte b => (decimal)b,
        uint ui => (decimal)ui,
        ulong ul => (decimal)ul,
        double d => double.IsFinite(d) ? (decimal)d : throw new EvaluationFailure($"number {d} is not finite"),
        float f => float.IsFinite(f) ? (decimal)f : throw new EvaluationFailure($"number {f} is not finite"),
        IReadOnlyDictionary<string, object?> => value,
        IDictionary<string, object?> dictionary => dictionary.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        IEnumerable<object?> list => list as IReadOnlyList<object?> ?? list.ToList(),
        IEnumerable enumerable => enumerable.Cast<object?>().ToList(),
        _ => value.ToString(),
    };

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : (decimal)element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(e => (object?)e).ToList(),
        // Objects stay as JsonElement-backed dictionaries; members are normalized when read.
        _ => element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal),
    };

    public static JsonElement ToJson(object? value) => value is JsonElement element
        ? element.Clone()
        : JsonSerializer.SerializeToElement(value);

    public static string Describe(object? value) => Normalize(value) switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        string s => $"\"{s}\"",
        IReadOnlyList<object?> list => $"a list of {list.Count}",
        _ => "an object",
    };

    public static string TypeName(object? normalized) => normalized switch
    {
        null => "null",
        bool => "a boolean",
        decimal => "a number",
        string => "a string",
        IReadOnlyList<object?> => "a list",
        _ => "an object",
    };
}

/// <summary>Evaluation errors unwind the evaluator's recursion; CaseExpression.Evaluate turns them into values.</summary>
internal sealed class EvaluationFailure(string message) : Exception(message);
