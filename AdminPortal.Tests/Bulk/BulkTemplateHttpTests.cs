using System.Net;
using AdminPortal.Invites.Bulk;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Bulk;

/// <summary>Issue 14: the bulk-invite template downloads for staff over HTTP, and reads back through the parser and the preview.</summary>
public sealed class BulkTemplateHttpTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private const string HelpdeskEmail = "helpdesk-bulk@example.test";

    [Fact]
    public async Task Staff_download_the_template_with_a_byte_order_mark_and_it_round_trips_through_the_parser()
    {
        await fixture.Portal.CreateStaffAsync(HelpdeskEmail, StaffRoles.Helpdesk);
        using var staff = new PortalHttp(fixture.Portal);
        await staff.SignInAsync(HelpdeskEmail);

        using var response = await staff.GetAsync(BulkInvitesHosting.TemplatePath.TrimStart('/'));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("bulk-invites-template.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("display name,user id,e-mail,administrator,hidden,preset\r\n", System.Text.Encoding.UTF8.GetString(bytes[3..]));
        var parsed = BulkCsv.Parse(bytes);
        Assert.True(parsed.Succeeded, parsed.Error);
        Assert.Empty(parsed.IgnoredColumns);
        Assert.Equal(
        [
            new BulkRow(2, 2, "Anna Beispiel", "", "anna@example.org"),
            new BulkRow(3, 3, "Müller, Jonas", "jonas-mueller", "", "no", "no"),
        ], parsed.Rows);
        var preview = BulkPreview.Check(parsed.Rows, new BulkBatch("training"), new BulkStaff(StaffRoles.Helpdesk, []), new HashSet<string>());
        Assert.All(preview.Rows, row => Assert.True(row.IsValid, string.Join(" ", row.Messages)));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        using var anonymous = new PortalHttp(fixture.Portal);

        using var response = await anonymous.GetAsync(BulkInvitesHosting.TemplatePath.TrimStart('/'));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location?.ToString());
    }
}
