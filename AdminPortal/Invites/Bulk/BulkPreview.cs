using AdminPortal.JoinLinks;
using AdminPortal.Presets;
using AdminPortal.Staff;

namespace AdminPortal.Invites.Bulk;

/// <summary>What applies to every row of a batch: the room, the preset rows start from, and the reason hidden and administrator links need.</summary>
public sealed record BulkBatch(string RoomId, Preset? Preset = null, string Reason = "", string RoomTitle = "");

/// <summary>The staff member previewing: their role, the presets that role may use, and whether it is limited to presets.</summary>
public sealed record BulkStaff(string Role, IReadOnlyList<Preset> Presets, bool PresetsOnly = false)
{
    /// <summary>What <paramref name="actor"/> may use, read from the presets and the role's "presets only" switch.</summary>
    public static async Task<BulkStaff> ForAsync(PresetService presets, StaffActor actor, CancellationToken cancellationToken = default) =>
        new(actor.Role, await presets.ListForAsync(actor, cancellationToken), await presets.IsPresetsOnlyAsync(actor.Role, cancellationToken));
}

/// <summary>One problem in one cell: the column, the value as typed (may be empty) and what is wrong, in words.</summary>
public sealed record BulkCellError(string Column, string Value, string Message);

/// <summary>
/// A checked row: the generator form it would be issued with (user id filled in, generated when the file left it empty),
/// the e-mail address, and its problems. Only rows without errors may become invites.
/// </summary>
public sealed record BulkPreviewRow(BulkRow Source, JoinLinkForm Form, bool UserIdGenerated, string Email, Preset? Preset,
    IReadOnlyList<BulkCellError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>Each error as one sentence, e.g. "row 14 (line 14 of the file): user id 'all': User ID all has a special meaning…".</summary>
    public IEnumerable<string> Messages => Errors.Select(e =>
        $"row {Source.Row} (line {Source.Line} of the file): {e.Column}{(e.Value.Length > 0 ? $" '{e.Value}'" : "")}: {e.Message}");
}

/// <summary>The preview of a whole batch: problems with the batch's own settings (room, preset), and every row.</summary>
public sealed record BulkPreviewResult(IReadOnlyList<string> BatchErrors, IReadOnlyList<BulkPreviewRow> Rows)
{
    public int ValidCount => Rows.Count(r => r.IsValid);
}

/// <summary>
/// Checks every row of a bulk file with the generator's rules (<see cref="JoinLinkRules.Validate"/>) and its permission
/// checks (role, presets, presets-only), before anything is created. User ids must be unique within the batch and must not
/// belong to someone in the room now: the same id joining twice knocks the first person out.
/// </summary>
public static class BulkPreview
{
    public static BulkPreviewResult Check(IReadOnlyList<BulkRow> rows, BulkBatch batch, BulkStaff staff, IReadOnlySet<string> roomUserIds)
    {
        var batchErrors = new List<string>();
        if (JoinLinkRules.RoomId(batch.RoomId) is { } room)
        {
            batchErrors.Add(room);
        }
        if (JoinLinkRules.RoomTitle(batch.RoomTitle) is { } title)
        {
            batchErrors.Add(title);
        }
        if (batch.Preset is { } preset && !preset.AllowedFor(staff.Role))
        {
            batchErrors.Add($"Your role ({staff.Role}) may not use the preset \"{preset.Name}\".");
        }

        var typedIds = rows.Where(r => r.UserId.Length > 0).GroupBy(r => r.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Row).ToList(), StringComparer.Ordinal);
        var taken = new HashSet<string>(typedIds.Keys.Concat(roomUserIds), StringComparer.Ordinal);
        var checkedRows = rows.Select(row => CheckRow(row, batch, staff, roomUserIds, typedIds, taken)).ToList();
        return new(batchErrors, checkedRows);
    }

    private static BulkPreviewRow CheckRow(BulkRow row, BulkBatch batch, BulkStaff staff, IReadOnlySet<string> roomUserIds,
        Dictionary<string, List<int>> typedIds, HashSet<string> taken)
    {
        var errors = new List<BulkCellError>();
        void Add(BulkColumn column, string value, string message) => errors.Add(new(BulkHeader.Name(column), value, message));

        if (row.ExtraCells > 0)
        {
            errors.Add(new("row", "", $"has {row.ExtraCells} more filled cell(s) than the header names: a separator inside a cell " +
                "(e.g. \"Müller, Anna\") must be in quotes."));
        }
        var preset = batch.Preset;
        if (row.Preset.Length > 0)
        {
            preset = staff.Presets.FirstOrDefault(p => string.Equals(p.Name.Trim(), row.Preset, StringComparison.OrdinalIgnoreCase));
            if (preset is null)
            {
                Add(BulkColumn.Preset, row.Preset, $"there is no preset of that name that your role ({staff.Role}) may use.");
            }
        }
        var form = new JoinLinkForm { RoomId = batch.RoomId, RoomTitle = batch.RoomTitle, DisplayName = row.DisplayName, Reason = batch.Reason };
        if (preset is not null)
        {
            preset.ApplyTo(form);
            form.PresetId = preset.Id;
        }
        form.IsAdmin = Flag(BulkColumn.Administrator, row.Administrator) ?? form.IsAdmin;
        form.IsHidden = Flag(BulkColumn.Hidden, row.Hidden) ?? form.IsHidden;

        var generated = row.UserId.Length == 0;
        form.UserId = generated ? Generate(row.DisplayName, taken) : row.UserId;

        foreach (var (field, message) in JoinLinkRules.Validate(form))
        {
            switch (field)
            {
                case nameof(JoinLinkForm.RoomId) or nameof(JoinLinkForm.RoomTitle):
                    break; // said once for the batch
                case nameof(JoinLinkForm.DisplayName):
                    Add(BulkColumn.DisplayName, row.DisplayName, message);
                    break;
                case nameof(JoinLinkForm.UserId):
                    Add(BulkColumn.UserId, row.UserId, message);
                    break;
                case nameof(JoinLinkForm.Reason):
                    Add(form.IsAdmin ? BulkColumn.Administrator : BulkColumn.Hidden, form.IsAdmin ? row.Administrator : row.Hidden,
                        message + " Fill in the batch's reason.");
                    break;
                default:
                    Add(BulkColumn.Preset, row.Preset, message);
                    break;
            }
        }
        CheckRole(row, staff, form, preset, Add);
        if (row.Email.Length > 0 && BulkEmail.Check(row.Email) is { } email)
        {
            Add(BulkColumn.Email, row.Email, email);
        }
        if (!generated && typedIds[row.UserId] is { Count: > 1 } rowsWithId)
        {
            Add(BulkColumn.UserId, row.UserId, $"appears more than once in this file (rows {string.Join(", ", rowsWithId)}): " +
                "each person needs their own user id, or they knock each other out of the room.");
        }
        if (!generated && roomUserIds.Contains(row.UserId))
        {
            Add(BulkColumn.UserId, row.UserId, "someone with this user id is in the room now; joining with it would knock them out.");
        }
        return new(row, form, generated, row.Email, preset, errors);

        bool? Flag(BulkColumn column, string value)
        {
            if (BulkCsv.TryParseFlag(value, out var flag))
            {
                return flag;
            }
            Add(column, value, "write yes or no (or true/false, 1/0, x), or leave it empty for the batch's setting.");
            return null;
        }
    }

    /// <summary>The generator's permission checks: what the role may issue, and for roles limited to presets, exactly a preset's settings.</summary>
    private static void CheckRole(BulkRow row, BulkStaff staff, JoinLinkForm form, Preset? preset, Action<BulkColumn, string, string> add)
    {
        if (!StaffRoles.MayIssue(staff.Role, form.IsAdmin, form.IsHidden))
        {
            var admin = !StaffRoles.MayIssue(staff.Role, form.IsAdmin, isHidden: false);
            var (column, value) = admin ? (BulkColumn.Administrator, row.Administrator) : (BulkColumn.Hidden, row.Hidden);
            add(value.Length > 0 ? column : BulkColumn.Preset, value.Length > 0 ? value : preset?.Name ?? "",
                $"your role ({staff.Role}) may not issue {(admin ? "administrator" : "hidden")} links.");
        }
        else if (staff.PresetsOnly && (preset is null || !preset.Matches(form)))
        {
            add(BulkColumn.Preset, row.Preset, $"your role ({staff.Role}) may only issue links exactly as a preset defines them: " +
                "pick a preset and leave administrator and hidden empty.");
        }
    }

    /// <summary>As the generator does, from the name; drawn again in the unlikely case it is taken in the batch or the room.</summary>
    private static string Generate(string displayName, HashSet<string> taken)
    {
        string id;
        do
        {
            id = UserIdGenerator.Create(displayName);
        }
        while (!taken.Add(id));
        return id;
    }
}
