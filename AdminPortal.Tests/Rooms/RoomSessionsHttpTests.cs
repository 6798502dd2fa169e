using System.Net;
using System.Text.RegularExpressions;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Rooms;

/// <summary>
/// Issue 13 on the real portal: signed webhooks posted to it make the room page list the session, and its "Download attendance
/// (CSV)" link gives that session's attendance.
/// </summary>
public sealed partial class RoomSessionsHttpTests(RoomSessionsHttpTests.Portal portal) : IClassFixture<RoomSessionsHttpTests.Portal>
{
    public sealed class Portal : PortalFactory, IAsyncLifetime
    {
        public Task InitializeAsync() => CreateAdministratorAsync();

        Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
    }

    [Fact]
    public async Task The_room_page_lists_a_reported_session_and_its_csv_link_downloads_its_attendance()
    {
        var room = "sess-" + Guid.NewGuid().ToString("N")[..10];
        var at = portal.Clock.GetUtcNow();
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("room_started", room, "RM_http", at));
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("participant_joined", room, "RM_http", at.AddMinutes(1), "zoe-1", "PA_z", name: "Zoë", joinedAt: at.AddMinutes(1)));
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("participant_left", room, "RM_http", at.AddMinutes(31), "zoe-1", "PA_z", name: "Zoë", joinedAt: at.AddMinutes(1)));
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("room_finished", room, "RM_http", at.AddMinutes(40), numDropped: 1));
        using var staff = new PortalHttp(portal);
        await staff.SignInAsync();

        using var page = await staff.GetAsync($"/rooms/{room}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"room-not-running\"", html);
        Assert.Contains("data-sid=\"RM_http\"", html);
        Assert.Contains("1 person", html);
        Assert.Contains("plugNmeet reported 1 dropped event:", html);
        var href = CsvLink().Match(html);
        Assert.True(href.Success, "no attendance CSV link on the room page");
        Assert.Equal($"rooms/{room}/attendance.csv?session=RM_http", WebUtility.HtmlDecode(href.Groups[1].Value));

        using var csv = await staff.GetAsync("/" + WebUtility.HtmlDecode(href.Groups[1].Value));

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Zoë,zoe-1,not issued by the portal,", lines[1]);
        Assert.Contains(",30,", lines[1]);
    }

    [GeneratedRegex("<a href=\"([^\"]+)\"[^>]*class=\"[^\"]*session-csv")]
    private static partial Regex CsvLink();
}
