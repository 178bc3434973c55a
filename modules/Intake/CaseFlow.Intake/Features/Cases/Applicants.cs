using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseFlow.Intake.Features.Cases;

/// <summary>Checks for the identifiers applicants give, by the national standards that define their check characters.</summary>
internal static partial class Identifiers
{
    private static readonly int[] ResidentIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string ResidentIdCheck = "10X98765432";

    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>GB 11643-1999: 17 digits (region, birth date, sequence) and an ISO 7064 MOD 11-2 check character.</summary>
    public static bool IsResidentId(string? value)
    {
        if (value is not { Length: 18 } || !ResidentIdShape().IsMatch(value))
        {
            return false;
        }

        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born) || born.Year < 1900)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (value[i] - '0') * ResidentIdWeights[i];
        }

        return char.ToUpperInvariant(value[17]) == ResidentIdCheck[sum % 11];
    }

    /// <summary>GB 32100-2015: 17 characters of the 31-character alphabet and a MOD 31 check character.</summary>
    public static bool IsCreditCode(string? value)
    {
        if (value is not { Length: 18 })
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var index = CreditCodeAlphabet.IndexOf(value[i], StringComparison.Ordinal);
            if (index < 0)
            {
                return false;
            }

            sum += index * CreditCodeWeights[i];
        }

        var check = (31 - (sum % 31)) % 31;
        return value[17] == CreditCodeAlphabet[check];
    }

    /// <summary>A mainland mobile number: 11 digits starting 13–19.</summary>
    public static bool IsMobile(string? value) => value is not null && MobileShape().IsMatch(value);

    [GeneratedRegex("^[0-9]{17}[0-9Xx]$")]
    private static partial Regex ResidentIdShape();

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobileShape();
}

/// <summary>
/// How personal data leaves the module when the reader may not see it whole (DESIGN: masked for every role that does
/// not need it). The ID keeps its first 3 characters (province and city) and its last, never the last four, because
/// those are the applicant's secret for the public progress lookup. The phone keeps the usual 3 + 4.
/// </summary>
internal static class Masking
{
    public static string? ResidentId(string? value) =>
        value is { Length: 18 } ? string.Concat(value.AsSpan(0, 3), new string('*', 14), value.AsSpan(17, 1)) : value is null ? null : new string('*', value.Length);

    public static string Phone(string value) =>
        value is { Length: 11 } ? string.Concat(value.AsSpan(0, 3), "****", value.AsSpan(7, 4)) : new string('*', value.Length);
}
