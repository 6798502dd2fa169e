using System.Buffers;
using System.Globalization;
using System.Text.Unicode;
using CsvHelper;
using CsvHelper.Configuration;

namespace AdminPortal.Invites.Bulk;

/// <summary>
/// One data row of a bulk file, its cells trimmed (empty when the column is missing). <see cref="Row"/> is the row number a
/// spreadsheet shows (the header is row 1); <see cref="Line"/> is the line of the file where the row starts, which is later
/// when an earlier cell spans lines.
/// </summary>
public sealed record BulkRow(int Row, int Line, string DisplayName, string UserId = "", string Email = "", string Administrator = "",
    string Hidden = "", string Preset = "", int ExtraCells = 0);

/// <summary>The rows of a bulk file, or one message saying what is wrong with the file as a whole (then there are no rows).</summary>
public sealed record BulkCsvResult(IReadOnlyList<BulkRow> Rows, string? Error, IReadOnlyList<string> IgnoredColumns)
{
    public bool Succeeded => Error is null;

    internal static BulkCsvResult Failed(string error) => new([], error, []);
}

/// <summary>
/// Reads the CSV staff upload or paste for bulk invites: UTF-8 with or without a byte-order mark, separated by commas, semicolons
/// (German Excel) or tabs (pasted from a spreadsheet), chosen by the header line; quoted cells may hold separators, quotes and
/// line breaks. A file that cannot be read gives one message naming the line, never an exception.
/// </summary>
public static class BulkCsv
{
    public const int MaxRows = 10_000;

    /// <summary>Far above 10,000 rows of names and e-mail addresses; the upload is refused before it is read when larger.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public const string TemplateHeader = "display name,user id,e-mail,administrator,hidden,preset";

    /// <summary>Reads an uploaded file. Bytes that are not UTF-8 are refused with the line they are on.</summary>
    public static BulkCsvResult Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return BulkCsvResult.Failed(TooLarge);
        }
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            return BulkCsvResult.Failed("The file is saved as UTF-16 (\"Unicode text\"). Save it as \"CSV UTF-8\" and upload it again.");
        }
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            bytes = bytes[3..];
        }
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            if (Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                var line = bytes[..read].Count((byte)'\n') + 1;
                return BulkCsvResult.Failed($"Line {line} is not UTF-8 text (byte 0x{bytes[read]:X2}): the file was probably saved as " +
                    "\"CSV\" in an older encoding. Save it as \"CSV UTF-8\" and upload it again.");
            }
            return Parse(new string(chars, 0, written));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Reads pasted or already decoded text.</summary>
    public static BulkCsvResult Parse(string text)
    {
        if (text.Length > MaxBytes)
        {
            return BulkCsvResult.Failed(TooLarge);
        }
        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            return BulkCsvResult.Failed($"The file is empty. Its first line must name the columns, e.g. {TemplateHeader}.");
        }
        var state = new ReadState();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Separator(text),
            Mode = CsvMode.RFC4180,
            HasHeaderRecord = false,
            IgnoreBlankLines = false, // a blank line is still a row in a spreadsheet, so later row numbers stay as staff see them
            BadDataFound = _ => state.BadQuote = true,
            MissingFieldFound = null,
        };
        try
        {
            using var parser = new CsvParser(new StringReader(text), config);
            return Read(parser, state);
        }
        catch (CsvHelperException)
        {
            return BulkCsvResult.Failed($"Line {state.Line}: the file could not be read as CSV. Save it from your spreadsheet program as \"CSV UTF-8\".");
        }
    }

    private const string TooLarge = "The file is larger than 4 MB. Split it into smaller files.";

    private sealed class ReadState
    {
        public int Line = 1;
        public bool BadQuote;
    }

    private static BulkCsvResult Read(CsvParser parser, ReadState state)
    {
        BulkHeader? header = null;
        var rows = new List<BulkRow>();
        var lastRawRow = 0;
        var row = 0;
        while (parser.Read())
        {
            state.Line = lastRawRow + 1;
            lastRawRow = parser.RawRow;
            row++;
            var cells = parser.Record ?? []; // fields are read here, so a bad quote is reported here
            if (EndsInsideQuotes(parser.RawRecord, parser.Delimiter))
            {
                return BulkCsvResult.Failed($"Line {state.Line}: a quoted cell is never closed (a \" without its partner), so the rest of " +
                    "the file would be read as one cell.");
            }
            if (state.BadQuote)
            {
                return BulkCsvResult.Failed($"Line {state.Line}: a quote (\") in the middle of a cell. A cell that holds quotes must be " +
                    "in quotes itself, with each quote inside written twice (\"\"), as spreadsheet programs save it.");
            }
            if (header is null)
            {
                header = BulkHeader.Read(cells);
                if (header.Error is not null)
                {
                    return BulkCsvResult.Failed($"Line {state.Line}: {header.Error}");
                }
                continue;
            }
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (rows.Count == MaxRows)
            {
                return BulkCsvResult.Failed($"Line {state.Line}: the file has more than {MaxRows:N0} rows. Split it into files of at most " +
                    $"{MaxRows:N0} rows each.");
            }
            rows.Add(header.ToRow(row, state.Line, cells));
        }
        return header is null
            ? BulkCsvResult.Failed($"The file is empty. Its first line must name the columns, e.g. {TemplateHeader}.")
            : new(rows, null, header.Ignored);
    }

    /// <summary>Whether a cell that opens with a quote is still open at the end of the record (only the last record of a file can be).</summary>
    private static bool EndsInsideQuotes(string raw, string delimiter)
    {
        bool inside = false, fieldStart = true, justClosed = false;
        foreach (var c in raw)
        {
            if (c == '"' && (inside || fieldStart || justClosed))
            {
                inside = !inside; // opening, closing, or the second quote of an escaped "" pair
                justClosed = !inside;
            }
            else if (!inside)
            {
                justClosed = false;
            }
            fieldStart = !inside && (c == delimiter[0] || c is '\r' or '\n');
        }
        return inside;
    }

    /// <summary>Tab when the header has one (pasted from a spreadsheet), else whichever of ; and , it holds more of, outside quotes.</summary>
    private static string Separator(string text)
    {
        int tabs = 0, semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            switch (c)
            {
                case '"': quoted = !quoted; break;
                case '\t' when !quoted: tabs++; break;
                case ';' when !quoted: semicolons++; break;
                case ',' when !quoted: commas++; break;
            }
        }
        return tabs > 0 ? "\t" : semicolons > commas ? ";" : ",";
    }

    /// <summary>
    /// Reads an administrator or hidden cell: yes/true/1/x are on, no/false/0 off, empty leaves the batch's setting
    /// (<paramref name="value"/> null). False for anything else.
    /// </summary>
    public static bool TryParseFlag(string? text, out bool? value)
    {
        value = null;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "":
                return true;
            case "yes" or "true" or "1" or "x":
                value = true;
                return true;
            case "no" or "false" or "0":
                value = false;
                return true;
            default:
                return false;
        }
    }
}
