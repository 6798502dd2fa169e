using System.Net;
using System.Text;
using AdminPortal.Audit;
using AdminPortal.Invites.Bulk;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Invites.Batches;

/// <summary>Issue 14 over HTTP: a batch's links CSV and printable QR sheet, for its creator or an Administrator only, never cached, audited without the links.</summary>
public sealed class InviteBatchHttpTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private PortalFactory Portal => fixture.Portal;

    private async Task<(PortalHttp Http, StaffActor Actor)> SignInAsync(string email, string role = StaffRoles.Moderator)
    {
        await Portal.CreateStaffAsync(email, role);
        var http = new PortalHttp(Portal);
        await http.SignInAsync(email);
        return (http, await Portal.ActorAsync(email));
    }

    private Task<SeededBatch> SeedAsync(StaffActor owner, int count, Func<int, string>? names = null) =>
        InviteBatchSeed.CreateAsync(Portal.Services, owner, count, Portal.Clock.GetUtcNow(), "Parents' evening", displayName: names);

    private async Task<List<AuditEntry>> ExportEntriesAsync(SeededBatch seeded) =>
        [.. (await InviteBatchSeed.AuditAsync(Portal.Services)).Where(e => e.Kind == AuditKinds.InviteLinksExported
            && e.Detail!.Contains($"batch #{seeded.Batch.Id} ", StringComparison.Ordinal))];

    [Fact]
    public async Task The_links_csv_has_a_bom_safe_cells_every_link_no_caching_and_an_audit_entry_without_the_links()
    {
        var (http, owner) = await SignInAsync("csv-owner@example.test");
        using var _ = http;
        string[] names = ["Müller, Jonas", "=HYPERLINK(\"http://evil\")", "Zoë"];
        var seeded = await SeedAsync(owner, 3, row => names[row - 1]);
        await InviteBatchSeed.UpdateAsync(Portal.Services, seeded.InviteIds[2], i => i.SealedCode = "sealed-with-lost-keys");

        using var response = await http.GetAsync(InviteBatchHosting.CsvPath(seeded.Batch.Id).TrimStart('/'));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        var until = seeded.Batch.ValidUntil.UtcDateTime.ToString("yyyy-MM-dd HH:mm");
        var link = $"{Portal.BaseUrl}/j/";
        Assert.Equal(
        [
            "row,display name,user id,e-mail,link,valid until (UTC),status,note",
            $"1,\"Müller, Jonas\",pupil-{seeded.Batch.Id}-1,pupil1@example.org,{link}{seeded.Members[0].Code},{until},active,",
            $"2,\"'=HYPERLINK(\"\"http://evil\"\")\",pupil-{seeded.Batch.Id}-2,pupil2@example.org,{link}{seeded.Members[1].Code},{until},active,",
            $"3,Zoë,pupil-{seeded.Batch.Id}-3,pupil3@example.org,,{until},active,\"{InviteBatchHosting.LinkUnavailable}\"",
            "",
        ], lines);

        var entry = Assert.Single(await ExportEntriesAsync(seeded));
        Assert.Equal((owner.Email, "training"), (entry.Actor, entry.RoomId));
        Assert.Equal($"exported as CSV: the links of batch #{seeded.Batch.Id} \"Parents' evening\" (3 invites)", entry.Detail);
        var everything = string.Join("\n", (await InviteBatchSeed.AuditAsync(Portal.Services)).Select(e => string.Join(",", AuditLog.CsvCells(e))))
            + string.Join("\n", Portal.Logs.Lines);
        Assert.All(seeded.Members, m => Assert.DoesNotContain(m.Code, everything));
    }

    [Fact]
    public async Task Another_staff_members_batch_or_a_missing_one_is_not_found_and_not_audited_while_an_administrator_gets_it()
    {
        var (ownerHttp, owner) = await SignInAsync("csv-mine@example.test");
        var (strangerHttp, _) = await SignInAsync("csv-stranger@example.test", StaffRoles.Helpdesk);
        using var admin = new PortalHttp(Portal);
        await admin.SignInAsync();
        using (ownerHttp)
        using (strangerHttp)
        {
            var seeded = await SeedAsync(owner, 2);

            foreach (var path in new[] { InviteBatchHosting.CsvPath(seeded.Batch.Id), InviteBatchHosting.SheetPath(seeded.Batch.Id) })
            {
                using var foreign = await strangerHttp.GetAsync(path.TrimStart('/'));
                Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
                Assert.DoesNotContain(seeded.Members[0].Code, await foreign.Content.ReadAsStringAsync());
            }
            foreach (var path in new[] { InviteBatchHosting.CsvPath(987_654), InviteBatchHosting.SheetPath(987_654), "invites/batches/abc/sheet" })
            {
                using var missing = await ownerHttp.GetAsync(path.TrimStart('/'));
                Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            }
            Assert.Empty(await ExportEntriesAsync(seeded));

            using var byAdministrator = await admin.GetAsync(InviteBatchHosting.CsvPath(seeded.Batch.Id).TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, byAdministrator.StatusCode);
            Assert.Contains(seeded.Members[1].Code, await byAdministrator.Content.ReadAsStringAsync());
            Assert.Equal(PortalFactory.AdminEmail, Assert.Single(await ExportEntriesAsync(seeded)).Actor);
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_for_the_csv_and_the_sheet()
    {
        using var anonymous = new PortalHttp(Portal);

        foreach (var path in new[] { InviteBatchHosting.CsvPath(1), InviteBatchHosting.SheetPath(1) })
        {
            using var response = await anonymous.GetAsync(path.TrimStart('/'));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location?.ToString());
        }
    }

    [Fact]
    public async Task The_sheet_is_a_page_of_cards_with_inline_svg_qr_codes_not_cached_and_audited()
    {
        var (http, owner) = await SignInAsync("sheet-owner@example.test");
        using var _ = http;
        var seeded = await SeedAsync(owner, 9);

        using var response = await http.GetAsync(InviteBatchHosting.SheetPath(seeded.Batch.Id).TrimStart('/'));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(2, html.Split("class=\"sheet-page\"").Length - 1);
        Assert.Equal(9, html.Split("<svg ").Length - 1);
        Assert.All(seeded.Members, m => Assert.Contains($">{Portal.BaseUrl}/j/{m.Code}</p>", html));
        Assert.Contains("@page { size: A4;", html);
        Assert.DoesNotContain("http://", html.Replace(Portal.BaseUrl, "").Replace("http://www.w3.org/2000/svg", ""));
        var entry = Assert.Single(await ExportEntriesAsync(seeded));
        Assert.StartsWith("shown on a printable QR sheet: the links of batch", entry.Detail);
    }
}
