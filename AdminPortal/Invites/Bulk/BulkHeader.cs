namespace AdminPortal.Invites.Bulk;

/// <summary>The columns a bulk file may have; only the display name is required.</summary>
public enum BulkColumn { DisplayName, UserId, Email, Administrator, Hidden, Preset }

/// <summary>
/// The header line of a bulk file: which cell holds which column. Names are matched case-insensitively, with spaces,
/// hyphens, underscores and dots ignored ("User_ID", "user id" and "UserId" are one column), plus a few aliases.
/// </summary>
internal sealed class BulkHeader
{
    private static readonly Dictionary<string, BulkColumn> Aliases = new(StringComparer.Ordinal)
    {
        ["displayname"] = BulkColumn.DisplayName, ["name"] = BulkColumn.DisplayName, ["fullname"] = BulkColumn.DisplayName,
        ["userid"] = BulkColumn.UserId,
        ["email"] = BulkColumn.Email, ["mail"] = BulkColumn.Email, ["emailaddress"] = BulkColumn.Email,
        ["administrator"] = BulkColumn.Administrator, ["admin"] = BulkColumn.Administrator,
        ["hidden"] = BulkColumn.Hidden,
        ["preset"] = BulkColumn.Preset,
    };

    private readonly Dictionary<BulkColumn, int> _positions = [];
    private int _width;

    public string? Error { get; private set; }

    /// <summary>Header cells that name no known column; their cells are not read.</summary>
    public List<string> Ignored { get; } = [];

    /// <summary>How a column is named in messages and in the template.</summary>
    public static string Name(BulkColumn column) => column switch
    {
        BulkColumn.DisplayName => "display name",
        BulkColumn.UserId => "user id",
        BulkColumn.Email => "e-mail",
        BulkColumn.Administrator => "administrator",
        BulkColumn.Hidden => "hidden",
        _ => "preset",
    };

    public static BulkHeader Read(string[] cells)
    {
        var header = new BulkHeader { _width = cells.Length };
        for (var i = 0; i < cells.Length; i++)
        {
            var key = new string(cells[i].Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '_' or '.')).ToArray()).ToLowerInvariant();
            if (!Aliases.TryGetValue(key, out var column))
            {
                if (!string.IsNullOrWhiteSpace(cells[i]))
                {
                    header.Ignored.Add(cells[i].Trim());
                }
            }
            else if (header._positions.TryGetValue(column, out var earlier))
            {
                header.Error = $"columns {earlier + 1} (\"{cells[earlier].Trim()}\") and {i + 1} (\"{cells[i].Trim()}\") are both " +
                    $"\"{Name(column)}\". Keep one of them.";
                return header;
            }
            else
            {
                header._positions[column] = i;
            }
        }
        if (!header._positions.ContainsKey(BulkColumn.DisplayName))
        {
            var found = cells.Any(c => !string.IsNullOrWhiteSpace(c)) ? $" This line has: {string.Join(", ", cells.Select(c => c.Trim()))}." : "";
            header.Error = "there is no \"display name\" column. The first line of the file must name the columns " +
                $"(e.g. {BulkCsv.TemplateHeader}); \"display name\" (or \"name\") is required.{found}";
        }
        return header;
    }

    public BulkRow ToRow(int row, int line, string[] cells)
    {
        string Cell(BulkColumn column) => _positions.TryGetValue(column, out var i) && i < cells.Length ? cells[i].Trim() : "";
        // Empty cells past the header are what spreadsheets leave behind; filled ones mean a separator was not quoted.
        var extra = cells.Skip(_width).Count(c => !string.IsNullOrWhiteSpace(c));
        return new BulkRow(row, line, Cell(BulkColumn.DisplayName), Cell(BulkColumn.UserId), Cell(BulkColumn.Email),
            Cell(BulkColumn.Administrator), Cell(BulkColumn.Hidden), Cell(BulkColumn.Preset), extra);
    }
}
