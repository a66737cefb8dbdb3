namespace SolarSync.Modules.Collection.Import;

/// <summary>The column header of a CSV layout: names found case-insensitively, ignoring surrounding whitespace.</summary>
internal sealed class HeaderIndex
{
    private readonly Dictionary<string, int> firstIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> repeated = new(StringComparer.OrdinalIgnoreCase);

    public HeaderIndex(IReadOnlyList<string> fields, long lineNumber)
    {
        var names = new string[fields.Count];
        for (var i = 0; i < names.Length; i++)
        {
            // A BOM is normally consumed by the reader; strip a stray one so 'timestamp' still matches.
            names[i] = fields[i].Trim().TrimStart('\uFEFF').Trim();
            if (names[i].Length == 0)
            {
                continue;
            }

            if (!firstIndex.TryAdd(names[i], i))
            {
                repeated.Add(names[i]);
            }

            ExpectedFieldCount = i + 1;
        }

        Names = names;
        LineNumber = lineNumber;
    }

    public IReadOnlyList<string> Names { get; }

    public long LineNumber { get; }

    /// <summary>
    /// Fields a data row must have: up to the last named column. PSM3 files pad the header (and rows) with
    /// empty columns; those are not required.
    /// </summary>
    public int ExpectedFieldCount { get; }

    /// <summary>The index of column <paramref name="name"/>, or -1.</summary>
    /// <exception cref="ImportFormatException">The column appears more than once, so which to read is unclear.</exception>
    public int IndexOf(string name)
    {
        if (repeated.Contains(name))
        {
            throw new ImportFormatException(
                $"Column '{name}' appears more than once in the header on line {LineNumber}; expected it once.");
        }

        return firstIndex.TryGetValue(name, out var index) ? index : -1;
    }

    /// <summary>The header as found, shortened for error messages.</summary>
    public string Describe()
    {
        var text = string.Join(", ", Names.Where(n => n.Length > 0));
        return text.Any(c => char.IsControl(c) || c == '\uFFFD')
            ? "no readable text (is it a binary file, or not UTF-8?)"
            : ImportText.Clip(text, 300);
    }
}
