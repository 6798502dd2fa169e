using System.Text;
using AdminPortal.Invites.Bulk;

namespace AdminPortal.Tests.Bulk;

/// <summary>Issue 14: reading the bulk-invite CSV as spreadsheet programs save it and as people paste it.</summary>
public sealed class BulkCsvTests
{
    private static BulkCsvResult ParseBytes(string text, bool bom) =>
        BulkCsv.Parse([.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)]);

    private static IReadOnlyList<BulkRow> Rows(BulkCsvResult result)
    {
        Assert.True(result.Succeeded, result.Error);
        return result.Rows;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf8_with_or_without_a_byte_order_mark_reads_the_same(bool bom)
    {
        var rows = Rows(ParseBytes("Display Name,User ID\r\nZoë Ångström,zoe\r\n", bom));

        var row = Assert.Single(rows);
        Assert.Equal("Zoë Ångström", row.DisplayName);
        Assert.Equal("zoe", row.UserId);
    }

    [Fact]
    public void Semicolons_from_german_excel_are_detected_from_the_header()
    {
        var rows = Rows(ParseBytes("Name;E-Mail;Administrator\r\nMüller, Jonas;jonas@example.org;no\r\nAnna;;x\r\n", bom: true));

        Assert.Equal(2, rows.Count);
        Assert.Equal("Müller, Jonas", rows[0].DisplayName); // a comma is just text when ; separates
        Assert.Equal("jonas@example.org", rows[0].Email);
        Assert.Equal("x", rows[1].Administrator);
    }

    [Fact]
    public void Commas_are_the_separator_when_the_header_has_more_of_them()
    {
        var rows = Rows(BulkCsv.Parse("name,user id\nA; B,a-b\n"));

        Assert.Equal("A; B", Assert.Single(rows).DisplayName);
        Assert.Equal("a-b", rows[0].UserId);
    }

    [Fact]
    public void Tabs_pasted_from_a_spreadsheet_work()
    {
        var rows = Rows(BulkCsv.Parse("display name\tuser id\thidden\nAnna, B.\tanna\tyes\nCem; D\t\t\n"));

        Assert.Equal(["Anna, B.", "Cem; D"], rows.Select(r => r.DisplayName));
        Assert.Equal("yes", rows[0].Hidden);
        Assert.Equal("", rows[1].UserId);
    }

    [Fact]
    public void Quoted_cells_hold_separators_quotes_and_line_breaks_and_lines_are_counted_from_the_file()
    {
        var text = "name,user id,e-mail\r\n\"Müller, \"\"Jo\"\"\",jo,\"jo@example.org\"\r\n\"Two\r\nLines\",two,\r\nAfter,after,\r\n";

        var rows = Rows(BulkCsv.Parse(text));

        Assert.Equal("Müller, \"Jo\"", rows[0].DisplayName);
        Assert.Equal("jo@example.org", rows[0].Email);
        Assert.Equal("Two\r\nLines", rows[1].DisplayName);
        Assert.Equal([2, 3, 4], rows.Select(r => r.Row)); // as a spreadsheet numbers them: the header is row 1
        Assert.Equal([2, 3, 5], rows.Select(r => r.Line)); // the row after the two-line cell starts on line 5
    }

    [Fact]
    public void Crlf_and_lf_files_read_alike_and_blank_lines_keep_their_row_numbers()
    {
        var crlf = Rows(BulkCsv.Parse("name,user id\r\nA,a\r\n\r\nB,b\r\n"));
        var lf = Rows(BulkCsv.Parse("name,user id\nA,a\n\nB,b"));

        Assert.Equal(crlf, lf);
        Assert.Equal([2, 4], crlf.Select(r => r.Row));
        Assert.Equal("b", crlf[1].UserId); // no stray \r in the last cell
    }

    [Theory]
    [InlineData("  DISPLAY NAME  ,User_ID,E-mail,Admin,HIDDEN,Preset")]
    [InlineData("name,userid,email,administrator,hidden,preset")]
    [InlineData("Display-Name,user-id,Mail,ADMINISTRATOR,Hidden,PRESET")]
    public void Header_names_are_matched_case_insensitively_trimmed_and_by_alias(string header)
    {
        var row = Assert.Single(Rows(BulkCsv.Parse(header + "\n Anna , anna , a@example.org , yes , no , Moderator \n")));

        Assert.Equal(new BulkRow(2, 2, "Anna", "anna", "a@example.org", "yes", "no", "Moderator"), row);
    }

    [Fact]
    public void Unknown_columns_are_listed_and_their_cells_not_read_and_a_filled_cell_past_the_header_is_counted()
    {
        var result = BulkCsv.Parse("name,notes\nAnna,ignore me\nBen,x,extra,\n");

        Assert.Equal(["notes"], result.IgnoredColumns);
        Assert.Equal([0, 1], Rows(result).Select(r => r.ExtraCells));
    }

    [Fact]
    public void Ten_thousand_rows_are_read()
    {
        var text = new StringBuilder("name;user id\r\n");
        for (var i = 1; i <= BulkCsv.MaxRows; i++)
        {
            text.Append("Person ").Append(i).Append(";p-").Append(i).Append("\r\n");
        }

        var rows = Rows(ParseBytes(text.ToString(), bom: true));

        Assert.Equal(10_000, rows.Count);
        Assert.Equal(new BulkRow(10_001, 10_001, "Person 10000", "p-10000"), rows[^1]);
    }

    [Fact]
    public void More_rows_than_the_maximum_give_one_message_naming_the_line()
    {
        var text = "name\n" + string.Concat(Enumerable.Range(1, BulkCsv.MaxRows + 1).Select(i => $"P{i}\n"));

        var result = BulkCsv.Parse(text);

        Assert.Empty(result.Rows);
        Assert.Equal("Line 10002: the file has more than 10,000 rows. Split it into files of at most 10,000 rows each.", result.Error);
    }

    [Theory]
    [InlineData("name,user id\nAnna,anna\nBe\"n,ben\n", "Line 3: a quote (\") in the middle of a cell.")]
    [InlineData("name,user id\nAnna,anna\n\"Ben\"x,ben\n", "Line 3: a quote (\") in the middle of a cell.")]
    [InlineData("name,user id\nAnna,anna\n\"Ben,ben\nCem,cem\n", "Line 3: a quoted cell is never closed")]
    public void Bad_quoting_gives_one_message_naming_the_line(string text, string start)
    {
        var result = BulkCsv.Parse(text);

        Assert.Empty(result.Rows);
        Assert.StartsWith(start, result.Error);
    }

    [Theory]
    [InlineData("user id,e-mail\nanna,a@example.org\n", "Line 1: there is no \"display name\" column.")]
    [InlineData("name,Display Name\nA,B\n", "Line 1: columns 1 (\"name\") and 2 (\"Display Name\") are both \"display name\".")]
    [InlineData("", "The file is empty.")]
    [InlineData("\uFEFF \r\n", "The file is empty.")]
    public void A_missing_or_doubled_column_or_an_empty_file_is_named(string text, string start)
    {
        var result = BulkCsv.Parse(text);

        Assert.False(result.Succeeded);
        Assert.StartsWith(start, result.Error);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_with_their_line()
    {
        // "Jürgen" as Windows-1252 (what "CSV" without UTF-8 saves in German Excel).
        byte[] bytes = [.. "name;user id\r\nAnna;anna\r\nJ"u8, 0xFC, .. "rgen;juergen\r\n"u8];

        var result = BulkCsv.Parse(bytes);

        Assert.Empty(result.Rows);
        Assert.StartsWith("Line 3 is not UTF-8 text (byte 0xFC)", result.Error);
        Assert.Contains("\"CSV UTF-8\"", result.Error);
    }

    [Fact]
    public void A_utf16_file_is_named_as_such()
    {
        var result = BulkCsv.Parse([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("name\r\nAnna\r\n")]);

        Assert.StartsWith("The file is saved as UTF-16", result.Error);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var result = BulkCsv.Parse(new byte[BulkCsv.MaxBytes + 1]);

        Assert.Equal("The file is larger than 4 MB. Split it into smaller files.", result.Error);
    }

    [Theory]
    [InlineData("", true, null)]
    [InlineData("Yes", true, true)]
    [InlineData("TRUE", true, true)]
    [InlineData("1", true, true)]
    [InlineData(" x ", true, true)]
    [InlineData("no", true, false)]
    [InlineData("False", true, false)]
    [InlineData("0", true, false)]
    [InlineData("maybe", false, null)]
    public void Flags_read_yes_no_true_false_one_zero_x_and_empty(string text, bool ok, bool? expected)
    {
        Assert.Equal(ok, BulkCsv.TryParseFlag(text, out var value));
        Assert.Equal(expected, value);
    }
}
