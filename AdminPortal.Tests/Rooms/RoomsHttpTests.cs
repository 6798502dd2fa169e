using System.Net;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Rooms;

/// <summary>Issue 12: the rooms console is for signed-in staff only, of every role.</summary>
public sealed class RoomsHttpTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    [Theory]
    [InlineData("rooms")]
    [InlineData("rooms/weekly-1")]
    public async Task Signed_out_visitors_are_sent_to_sign_in(string path)
    {
        using var http = new PortalHttp(fixture.Portal);

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"{fixture.Portal.BaseUrl}/Account/Login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Signed_in_staff_get_the_page_with_the_sandbox_answering()
    {
        using var http = new PortalHttp(fixture.Portal);
        await http.SignInAsync();

        var response = await http.GetAsync("rooms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The rooms running on the plugNmeet server now.", html);
        Assert.DoesNotContain("id=\"rooms-error\"", html);
    }
}
