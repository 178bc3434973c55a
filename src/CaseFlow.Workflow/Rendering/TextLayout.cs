using System.Globalization;
using System.Text;

namespace CaseFlow.Workflow.Rendering;

/// <summary>
/// Breaks labels into lines by estimated width. Chinese has no spaces, so a line may break between
/// any two CJK characters, except before closing punctuation or after opening punctuation.
/// </summary>
internal static class TextLayout
{
    private const string ClosingPunctuation = "，。、；：！？）》」』】〉”’,.;:!?)]}…";
    private const string OpeningPunctuation = "（《「『【〈“‘([{";

    public static double Width(string text, double fontSize)
    {
        var em = 0.0;
        foreach (var rune in text.EnumerateRunes())
        {
            em += RuneWidth(rune);
        }

        return em * fontSize;
    }

    public static IReadOnlyList<string> Wrap(string text, double maxWidth, double fontSize, int maxLines = int.MaxValue)
    {
        var lines = new List<string>();
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim().Split('\n');
        foreach (var paragraph in paragraphs)
        {
            lines.AddRange(WrapBalanced(paragraph.Trim(), maxWidth, fontSize));
        }

        if (lines.Count > maxLines)
        {
            lines.RemoveRange(maxLines, lines.Count - maxLines);
            lines[^1] = Ellipsize(lines[^1], maxWidth, fontSize);
        }

        return lines;
    }

    // Greedy filling leaves a lonely character on the last line ("协办部门并联审" / "查"); the narrowest
    // width that needs no more lines than the greedy result gives even lines ("协办部门" / "并联审查").
    private static List<string> WrapBalanced(string paragraph, double maxWidth, double fontSize)
    {
        var greedy = new List<string>();
        WrapParagraph(paragraph, maxWidth, fontSize, greedy);
        if (greedy.Count < 2)
        {
            return greedy;
        }

        // Never narrower than the longest word: balancing must not split a word that fits on a line.
        var longestWord = Units(paragraph).Max(unit => Width(unit.Trim(), fontSize));
        var best = greedy;
        var low = Math.Max(maxWidth / greedy.Count, Math.Min(longestWord, maxWidth));
        var high = maxWidth;
        for (var step = 0; step < 12 && high - low > 0.5; step++)
        {
            var middle = (low + high) / 2;
            var candidate = new List<string>();
            WrapParagraph(paragraph, middle, fontSize, candidate);
            if (candidate.Count <= greedy.Count)
            {
                best = candidate;
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return best;
    }

    private static void WrapParagraph(string paragraph, double maxWidth, double fontSize, List<string> lines)
    {
        var line = new StringBuilder();
        foreach (var unit in Units(paragraph))
        {
            var candidate = line.Length == 0 ? unit.TrimStart() : line + unit;
            if (candidate.Length == 0)
            {
                continue;
            }

            if (Width(candidate.TrimEnd(), fontSize) <= maxWidth || line.Length == 0 && !IsSplittable(unit))
            {
                line.Clear().Append(candidate);
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
            }

            var rest = unit.TrimStart();
            while (rest.Length > 0 && Width(rest, fontSize) > maxWidth && rest.Length > 1)
            {
                var take = FittingPrefixLength(rest, maxWidth, fontSize);
                lines.Add(rest[..take]);
                rest = rest[take..];
            }

            line.Append(rest);
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line.ToString().TrimEnd());
        }
    }

    // A unit is what must stay on one line: a word, a run of spaces, or one CJK character with the
    // punctuation that may not be separated from it.
    private static List<string> Units(string paragraph)
    {
        var units = new List<string>();
        var current = new StringBuilder();
        var pendingOpening = new StringBuilder();
        foreach (var rune in paragraph.EnumerateRunes())
        {
            var text = rune.ToString();
            if (text.Length == 1 && ClosingPunctuation.Contains(text[0], StringComparison.Ordinal))
            {
                if (current.Length > 0)
                {
                    current.Append(text);
                }
                else if (units.Count > 0)
                {
                    units[^1] += text;
                }
                else
                {
                    current.Append(text);
                }

                continue;
            }

            if (text.Length == 1 && OpeningPunctuation.Contains(text[0], StringComparison.Ordinal))
            {
                Flush(units, current);
                pendingOpening.Append(text);
                continue;
            }

            var kind = Classify(rune);
            var currentKind = current.Length == 0 ? CharKind.None : Classify(Rune.GetRuneAt(current.ToString(), 0));
            if (kind == CharKind.Wide || kind != currentKind)
            {
                Flush(units, current);
            }

            current.Append(pendingOpening).Append(text);
            pendingOpening.Clear();
        }

        current.Append(pendingOpening);
        Flush(units, current);
        return units;
    }

    private static void Flush(List<string> units, StringBuilder current)
    {
        if (current.Length > 0)
        {
            units.Add(current.ToString());
            current.Clear();
        }
    }

    private static bool IsSplittable(string unit) => unit.Length > 1 && Classify(Rune.GetRuneAt(unit, 0)) == CharKind.Narrow;

    private static int FittingPrefixLength(string text, double maxWidth, double fontSize)
    {
        var width = 0.0;
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += RuneWidth(rune) * fontSize;
            if (width > maxWidth && length > 0)
            {
                break;
            }

            length += rune.Utf16SequenceLength;
        }

        return length;
    }

    private static string Ellipsize(string line, double maxWidth, double fontSize)
    {
        var text = line;
        while (text.Length > 0 && Width(text + "…", fontSize) > maxWidth)
        {
            text = text[..^(char.IsLowSurrogate(text[^1]) && text.Length > 1 ? 2 : 1)];
        }

        return text + "…";
    }

    private enum CharKind
    {
        None,
        Space,
        Narrow,
        Wide,
    }

    private static CharKind Classify(Rune rune) =>
        Rune.IsWhiteSpace(rune) ? CharKind.Space : IsWide(rune) ? CharKind.Wide : CharKind.Narrow;

    private static bool IsWide(Rune rune) => rune.Value switch
    {
        >= 0x1100 and <= 0x115F => true, // Hangul Jamo
        >= 0x2E80 and <= 0x303E => true, // CJK radicals, symbols and punctuation
        >= 0x3041 and <= 0x33FF => true, // kana, bopomofo, CJK compatibility
        >= 0x3400 and <= 0x4DBF => true, // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true, // CJK unified ideographs
        >= 0xA000 and <= 0xA4CF => true, // Yi
        >= 0xAC00 and <= 0xD7A3 => true, // Hangul syllables
        >= 0xF900 and <= 0xFAFF => true, // CJK compatibility ideographs
        >= 0xFE30 and <= 0xFE4F => true, // CJK compatibility forms
        >= 0xFF00 and <= 0xFF60 => true, // full-width forms
        >= 0xFFE0 and <= 0xFFE6 => true,
        >= 0x1F300 and <= 0x1FAFF => true, // emoji
        >= 0x20000 and <= 0x3FFFD => true, // CJK extensions B and beyond
        _ => false,
    };

    // Widths in em, close to common sans-serif fonts; exactness only matters for where lines break.
    private static double RuneWidth(Rune rune)
    {
        if (IsWide(rune))
        {
            return 1.0;
        }

        if (rune.Value > 0x7F)
        {
            return Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark ? 0 : 0.6;
        }

        var c = (char)rune.Value;
        return c switch
        {
            ' ' or 'i' or 'l' or 'j' or '.' or ',' or ';' or ':' or '\'' or '|' or '!' => 0.28,
            'f' or 't' or 'r' or '(' or ')' or '[' or ']' or '-' or '/' => 0.38,
            'm' or 'w' or 'M' or 'W' or '@' => 0.85,
            >= 'A' and <= 'Z' => 0.68,
            _ => 0.56,
        };
    }
}
