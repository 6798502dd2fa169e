using AdminPortal.Invites.Bulk;
using AdminPortal.Presets;
using AdminPortal.Staff;

namespace AdminPortal.Tests.Bulk;

/// <summary>Issue 14: every row of a bulk file checked with the generator's rules and permissions before anything is created.</summary>
public sealed class BulkPreviewTests
{
    private static readonly Preset Moderator = new() { Id = 1, Name = "Moderator", IsAdmin = true, Roles = [StaffRoles.Moderator] };
    private static readonly Preset Observer = new() { Id = 2, Name = "Hidden observer", IsHidden = true, Roles = [StaffRoles.Helpdesk] };
    private static readonly HashSet<string> NobodyInRoom = [];

    private static BulkStaff Administrator => new(StaffRoles.Administrator, [Moderator, Observer]);

    private static BulkPreviewResult Preview(string csv, BulkStaff? staff = null, IReadOnlySet<string>? room = null, BulkBatch? batch = null)
    {
        var parsed = BulkCsv.Parse(csv);
        Assert.True(parsed.Succeeded, parsed.Error);
        return BulkPreview.Check(parsed.Rows, batch ?? new BulkBatch("training"), staff ?? Administrator, room ?? NobodyInRoom);
    }

    [Fact]
    public void Good_rows_become_generator_forms_for_the_batchs_room()
    {
        var result = Preview("name,user id,e-mail\nAnna Beispiel,anna,anna@example.org\n");

        var row = Assert.Single(result.Rows);
        Assert.Empty(result.BatchErrors);
        Assert.True(row.IsValid, string.Join(" ", row.Messages));
        Assert.Equal(("training", "Anna Beispiel", "anna", false, false), (row.Form.RoomId, row.Form.DisplayName, row.Form.UserId, row.Form.IsAdmin, row.Form.IsHidden));
        Assert.Equal("anna@example.org", row.Email);
    }

    [Fact]
    public void A_reserved_user_id_is_named_by_row_line_and_cell()
    {
        var result = Preview("name,user id\nAnna,anna\n\"Two\nLines\",two\nCem,all\n");

        Assert.Equal(["row 4 (line 5 of the file): user id 'all': User ID all has a special meaning in plugNmeet (bots, everyone, or the public chat): choose another."],
            result.Rows.SelectMany(r => r.Messages));
    }

    [Fact]
    public void A_too_long_or_missing_name_uses_the_generators_words()
    {
        var longName = new string('n', 101);

        var result = Preview($"name,user id\n{longName},long\n,empty\n");

        Assert.Equal(
        [
            $"row 2 (line 2 of the file): display name '{longName}': Display name must be at most 100 characters (you have 101).",
            "row 3 (line 3 of the file): display name: Display name is required.",
        ], result.Rows.SelectMany(r => r.Messages));
    }

    [Theory]
    [InlineData("anna@@example.org")]
    [InlineData("anna example@example.org")]
    [InlineData("anna@example")]
    [InlineData("anna@-example.org")]
    [InlineData("anna..b@example.org")]
    [InlineData("Anna <anna@example.org>")]
    public void An_invalid_email_is_an_error_in_its_cell(string email)
    {
        var row = Assert.Single(Preview($"name;e-mail\nAnna;{email}\n").Rows);

        var error = Assert.Single(row.Errors);
        Assert.Equal(("e-mail", email), (error.Column, error.Value));
    }

    [Theory]
    [InlineData("anna@example.org")]
    [InlineData("anna.o'neil+kurs@mail.example.co.uk")]
    [InlineData("zoë@bücher.example")]
    [InlineData("")]
    public void Valid_or_empty_emails_pass(string email)
    {
        Assert.True(Assert.Single(Preview($"name;e-mail\nAnna;{email}\n").Rows).IsValid);
    }

    [Fact]
    public void Duplicate_user_ids_within_the_batch_flag_both_rows()
    {
        var result = Preview("name,user id\nAnna,same\nBen,other\nCem,same\n");

        Assert.Equal([false, true, false], result.Rows.Select(r => r.IsValid));
        const string Why = "user id 'same': appears more than once in this file (rows 2, 4): each person needs their own user id, or they knock each other out of the room.";
        Assert.Equal(["row 2 (line 2 of the file): " + Why], result.Rows[0].Messages);
        Assert.Equal(["row 4 (line 4 of the file): " + Why], result.Rows[2].Messages);
    }

    [Fact]
    public void A_user_id_of_someone_in_the_room_now_is_flagged()
    {
        var result = Preview("name,user id\nAnna,anna\nBen,ben\n", room: new HashSet<string> { "ben" });

        Assert.True(result.Rows[0].IsValid);
        Assert.Equal(["row 3 (line 3 of the file): user id 'ben': someone with this user id is in the room now; joining with it would knock them out."],
            result.Rows[1].Messages);
    }

    [Fact]
    public void Empty_user_ids_are_generated_from_the_name_unique_in_the_batch_and_valid()
    {
        var csv = "name\n" + string.Concat(Enumerable.Repeat("Jürgen Groß\n", 500));

        var result = Preview(csv);

        Assert.All(result.Rows, r => Assert.True(r.IsValid && r.UserIdGenerated && r.Form.UserId.StartsWith("jurgen-gross-", StringComparison.Ordinal)));
        Assert.Equal(500, result.Rows.Select(r => r.Form.UserId).Distinct().Count());
    }

    [Fact]
    public void A_role_may_not_override_to_what_it_may_not_issue()
    {
        var moderator = new BulkStaff(StaffRoles.Moderator, [Moderator]);
        var helpdesk = new BulkStaff(StaffRoles.Helpdesk, [Observer]);
        var batch = new BulkBatch("training", Reason: "ticket 7");
        const string csv = "name,administrator,hidden\nAdmin,yes,\nHidden,,x\n";

        var asModerator = Preview(csv, moderator, batch: batch);
        var asHelpdesk = Preview(csv, helpdesk, batch: batch);
        var asAdministrator = Preview(csv, Administrator, batch: batch);

        Assert.Equal(["row 3 (line 3 of the file): hidden 'x': your role (Moderator) may not issue hidden links."], asModerator.Rows.SelectMany(r => r.Messages));
        Assert.Equal(["row 2 (line 2 of the file): administrator 'yes': your role (Helpdesk) may not issue administrator links."], asHelpdesk.Rows.SelectMany(r => r.Messages));
        Assert.All(asAdministrator.Rows, r => Assert.True(r.IsValid));
        Assert.True(asAdministrator.Rows[1].Form.IsHidden);
    }

    [Fact]
    public void A_preset_the_role_may_not_use_is_refused_by_row_and_for_the_batch()
    {
        var moderator = new BulkStaff(StaffRoles.Moderator, [Moderator]);

        var byRow = Preview("name,preset\nAnna,hidden OBSERVER\nBen,moderator\n", moderator, batch: new BulkBatch("training", Reason: "r"));
        var byBatch = Preview("name\nAnna\n", moderator, batch: new BulkBatch("training", Observer, "r"));

        Assert.Equal(["row 2 (line 2 of the file): preset 'hidden OBSERVER': there is no preset of that name that your role (Moderator) may use."],
            byRow.Rows.SelectMany(r => r.Messages));
        Assert.True(byRow.Rows[1].Form.IsAdmin); // the Moderator preset, matched case-insensitively
        Assert.Equal(1, byRow.Rows[1].Form.PresetId);
        Assert.Equal(["Your role (Moderator) may not use the preset \"Hidden observer\"."], byBatch.BatchErrors);
    }

    [Fact]
    public void A_role_limited_to_presets_may_not_change_a_presets_flags()
    {
        var limited = new BulkStaff(StaffRoles.Moderator, [Moderator], PresetsOnly: true);

        var result = Preview("name,preset,administrator\nAnna,Moderator,\nBen,Moderator,no\nCem,,\n", limited, batch: new BulkBatch("training", Reason: "r"));

        Assert.Equal([true, false, false], result.Rows.Select(r => r.IsValid));
        Assert.StartsWith("preset 'Moderator': your role (Moderator) may only issue links exactly as a preset defines them",
            result.Rows[1].Errors.Select(e => $"{e.Column} '{e.Value}': {e.Message}").Single());
    }

    [Fact]
    public void Administrator_and_hidden_rows_need_the_batchs_reason_and_flags_must_be_yes_or_no()
    {
        var result = Preview("name,administrator,hidden\nAnna,yes,\nBen,,maybe\n");

        Assert.Equal(
        [
            "row 2 (line 2 of the file): administrator 'yes': A reason (e.g. a ticket number) is required for hidden and administrator links. Fill in the batch's reason.",
            "row 3 (line 3 of the file): hidden 'maybe': write yes or no (or true/false, 1/0, x), or leave it empty for the batch's setting.",
        ], result.Rows.SelectMany(r => r.Messages));
    }

    [Fact]
    public void A_bad_room_is_said_once_for_the_batch_and_an_unquoted_separator_is_flagged_on_its_row()
    {
        var result = Preview("name,user id\nMüller, Jonas,jonas\n", batch: new BulkBatch("not a room"));

        Assert.Equal(["Room ID may only contain letters A–Z, digits, - and _ (no spaces)."], result.BatchErrors);
        Assert.Equal("row", Assert.Single(result.Rows[0].Errors).Column);
    }
}
