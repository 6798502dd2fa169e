using System.Net;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Integration;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task First_start_leads_to_setup_which_creates_the_administrator_and_then_disappears()
    {
        using var http = new PortalHttp(_portal);

        var home = await http.GetAsync("");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/setup", home.Headers.Location!.OriginalString);
        Assert.Equal("/setup", (await http.GetAsync("Account/Login")).Headers.Location!.OriginalString);

        var mismatch = await http.SubmitFormAsync("setup", "setup", new Dictionary<string, string>
        {
            ["Input.SetupCode"] = _portal.SetupCode(), ["Input.Email"] = PortalFactory.AdminEmail, ["Input.DisplayName"] = "Ada Admin",
            ["Input.Password"] = PortalFactory.AdminPassword, ["Input.ConfirmPassword"] = "different-1A",
        });
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("The two passwords do not match.", await mismatch.Content.ReadAsStringAsync());

        var created = await http.SubmitFormAsync("setup", "setup", new Dictionary<string, string>
        {
            ["Input.SetupCode"] = _portal.SetupCode(), ["Input.Email"] = PortalFactory.AdminEmail, ["Input.DisplayName"] = "Ada Admin",
            ["Input.Password"] = PortalFactory.AdminPassword, ["Input.ConfirmPassword"] = PortalFactory.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var generator = await http.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, generator.StatusCode);
        Assert.Contains("Join link generator", await generator.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("setup")).StatusCode);
        using var stranger = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync(_portal.BaseUrl + "/setup", new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task A_refused_form_never_writes_the_typed_password_back_into_the_page()
    {
        await _portal.CreateAdministratorAsync();
        using var http = new PortalHttp(_portal);

        var wrong = await http.SignInAsync(password: "Typed-Secret-Wrong-7");
        var signInPage = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("wrong email or password", signInPage);
        Assert.DoesNotContain("Typed-Secret-Wrong-7", signInPage);

        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync()).StatusCode);
        var change = await http.SubmitFormAsync("Account/Manage/ChangePassword", "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "Old-Typed-Secret-8", ["Input.NewPassword"] = "New-Typed-Secret-9", ["Input.ConfirmPassword"] = "Other-Typed-Secret-9",
        });
        var changePage = await change.Content.ReadAsStringAsync();
        Assert.Contains("The two passwords do not match.", changePage);
        Assert.DoesNotContain("Typed-Secret", changePage);
    }

    [Fact]
    public async Task Every_page_but_sign_in_needs_sign_in_and_sign_out_ends_the_session()
    {
        await _portal.CreateAdministratorAsync();
        using var http = new PortalHttp(_portal);

        foreach (var path in new[] { "", "Account/Manage/ChangePassword" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith($"{_portal.BaseUrl}/Account/Login", response.Headers.Location!.ToString());
        }

        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("")).StatusCode);

        var signOut = await http.PostFromPageAsync("", "Account/Logout", new Dictionary<string, string> { ["ReturnUrl"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        await _portal.CreateAdministratorAsync();
        using var http = new PortalHttp(_portal);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await http.SignInAsync(password: "wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("wrong email or password", await wrong.Content.ReadAsStringAsync());
        }
        var fifth = await http.SignInAsync(password: "wrong-password-1");
        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.EndsWith("/Account/Lockout", fifth.Headers.Location!.ToString());

        var right = await http.SignInAsync();
        Assert.EndsWith("/Account/Lockout", right.Headers.Location!.ToString());
        Assert.Contains("locked", await (await http.GetAsync("Account/Lockout")).Content.ReadAsStringAsync());
    }
}
