using AdminPortal.Audit;
using AdminPortal.Components.Pages.Staff;
using AdminPortal.Data;
using AdminPortal.Limits;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace AdminPortal.Tests.Staff;

/// <summary>The staff page in a live circuit, on the real <see cref="StaffService"/> and Identity over an in-memory database.</summary>
public sealed class StaffAccountsTests : PortalBunitContext
{
    private const string OtherEmail = "ada@example.test";
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    public StaffAccountsTests() : base(JSRuntimeMode.Loose)
    {
        AddStaff(StaffRoles.Administrator);
        // The portal's password rules (StaffAuthentication), which generated passwords are made for.
        Services.AddIdentityCore<ApplicationUser>(o => (o.Stores.SchemaVersion, o.Password.RequiredLength, o.Password.RequireNonAlphanumeric) =
                (IdentitySchemaVersions.Version3, 10, false))
            .AddRoles<IdentityRole>().AddEntityFrameworkStores<ApplicationDbContext>().AddDefaultTokenProviders();
        Services.AddOptions<SignInLimits>();
        Services.AddSingleton<IRateCounter, MemoryRateCounter>();
        Services.AddSingleton<SignInThrottle>();
        Services.AddSingleton<StaffService>();
    }

    private IRenderedComponent<StaffAccounts> RenderPage()
    {
        _dialogs = Render<MudDialogProvider>();
        var cut = RenderWithPopovers<StaffAccounts>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("li.staff-card")));
        return cut;
    }

    private async Task<string> AddOtherAsync()
    {
        var admin = new StaffActor(StaffUserId, StaffEmail, "Test staff", StaffRoles.Administrator, "");
        var created = await Services.GetRequiredService<StaffService>().CreateAsync(admin, OtherEmail, "Ada Lovelace", StaffRoles.Moderator, "Typed-Password-1");
        Assert.True(created.Succeeded, created.Error);
        return (await Services.GetRequiredService<StaffService>().ListAsync(admin)).Single(m => m.Email == OtherEmail).Id;
    }

    private static void Add(IRenderedComponent<StaffAccounts> cut, string email, string name)
    {
        cut.Find("input#new-email").Input(email);
        cut.Find("input#new-display-name").Input(name);
        cut.Find("#create-staff").Click();
    }

    private IElement Card(IRenderedComponent<StaffAccounts> cut, string email) => cut.Find($"li.staff-card[data-email='{email}']");

    private List<StaffMember> Members() =>
        Services.GetRequiredService<StaffService>().ListAsync(new(StaffUserId, StaffEmail, "", StaffRoles.Administrator, "")).GetAwaiter().GetResult().ToList();

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("@example.test")]
    [InlineData("someone@")]
    public void An_address_sign_in_would_refuse_is_refused_by_the_field_and_nothing_is_created(string email)
    {
        var cut = RenderPage();

        Add(cut, email, "Nobody");

        cut.WaitForAssertion(() => Assert.Equal(StaffService.InvalidEmailMessage, ValidationMessage(cut, "new-email")));
        Assert.Single(Members());
        Assert.Empty(AuditEntries());
    }

    [Fact]
    public void After_an_add_the_cleared_form_shows_no_errors_and_starts_again_at_the_least_privileged_role()
    {
        var cut = RenderPage();
        var role = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.UserAttributes.GetValueOrDefault("id") as string == "new-role");
        Assert.Equal(StaffRoles.Helpdesk, role.Instance.GetState(x => x.Value));
        cut.InvokeAsync(() => role.Instance.ValueChanged.InvokeAsync(StaffRoles.Administrator));

        Add(cut, "boss@example.test", "Second Boss");

        cut.WaitForAssertion(() => Assert.Contains("boss@example.test", cut.Find("#staff-table").TextContent));
        Assert.Equal(StaffRoles.Administrator, Members().Single(m => m.Email == "boss@example.test").Role);
        cut.WaitForAssertion(() => Assert.Equal("", cut.Find("input#new-email").GetAttribute("value") ?? ""));
        Assert.Null(ValidationMessage(cut, "new-email"));
        Assert.Null(ValidationMessage(cut, "new-display-name"));
        Assert.Empty(cut.FindAll(".mud-input-error"));
        Assert.Equal(StaffRoles.LeastPrivileged, role.Instance.GetState(x => x.Value));
        Assert.Equal(StaffRoles.Helpdesk, StaffRoles.LeastPrivileged);
    }

    [Theory]
    [InlineData(OtherEmail)]
    [InlineData("ADA@example.test")]
    public async Task A_taken_address_is_named_in_plain_words_by_the_field(string email)
    {
        await AddOtherAsync();
        var cut = RenderPage();

        Add(cut, email, "Twin");

        cut.WaitForAssertion(() => Assert.Equal(StaffService.DuplicateEmailMessage, ValidationMessage(cut, "new-email")));
        Assert.DoesNotContain("already taken", cut.Markup);
        Assert.Equal(2, Members().Count);

        cut.Find("input#new-email").Input("twin@example.test"); // another address clears the message
        cut.WaitForAssertion(() => Assert.Null(ValidationMessage(cut, "new-email")));
    }

    [Fact]
    public async Task Disabling_asks_first_naming_what_happens_and_cancel_does_nothing()
    {
        await AddOtherAsync();
        var cut = RenderPage();
        var before = AuditEntries().Count;

        Card(cut, OtherEmail).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Disable").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains(
            "Ada Lovelace (ada@example.test) will be signed out everywhere within seconds and cannot sign in until an Administrator re-enables the account.",
            _dialogs.Markup));
        Assert.Contains("Disable Ada Lovelace?", _dialogs.Markup);
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")));
        Assert.False(Members().Single(m => m.Email == OtherEmail).IsDisabled);
        Assert.Equal(before, AuditEntries().Count);

        Card(cut, OtherEmail).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Disable").Click();
        _dialogs.WaitForAssertion(() => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Disable").Click());
        cut.WaitForAssertion(() => Assert.True(Members().Single(m => m.Email == OtherEmail).IsDisabled));
        cut.WaitForAssertion(() => Assert.Contains("Re-enable", Card(cut, OtherEmail).TextContent));
    }

    [Fact]
    public async Task Resetting_a_password_asks_first_and_cancel_keeps_the_password()
    {
        var id = await AddOtherAsync();
        var cut = RenderPage();
        async Task<bool> OldPasswordWorksAsync()
        {
            await using var scope = Services.CreateAsyncScope(); // a fresh context, not one that remembers the account
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            return await users.CheckPasswordAsync((await users.FindByIdAsync(id))!, "Typed-Password-1");
        }

        Card(cut, OtherEmail).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Reset password").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains(
            "The current password of Ada Lovelace (ada@example.test) stops working at once. You will see the new one once", _dialogs.Markup));
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")));
        Assert.True(await OldPasswordWorksAsync());
        Assert.Empty(cut.FindAll("#one-time-password"));

        Card(cut, OtherEmail).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Reset password").Click();
        _dialogs.WaitForAssertion(() => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Reset password").Click());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#one-time-password")));
        Assert.False(await OldPasswordWorksAsync());
    }

    [Fact]
    public async Task An_administrator_edits_a_display_name_within_the_length_limit_and_it_is_audited()
    {
        await AddOtherAsync();
        var cut = RenderPage();

        Card(cut, OtherEmail).QuerySelector("button[aria-label='Edit name of ada@example.test']")!.Click();
        cut.Find("input#rename-name").Input(new string('x', StaffService.MaxDisplayNameLength + 1));
        cut.Find("#rename-save").Click();
        cut.WaitForAssertion(() => Assert.Equal("The display name is too long: at most 100 characters (now 101).", ValidationMessage(cut, "rename-name")));
        Assert.Equal("Ada Lovelace", Members().Single(m => m.Email == OtherEmail).DisplayName);

        cut.Find("input#rename-name").Input("  Ada King  ");
        cut.Find("#rename-save").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("input#rename-name")));
        Assert.Contains("Ada King", Card(cut, OtherEmail).TextContent);
        Assert.Equal("Ada King", Members().Single(m => m.Email == OtherEmail).DisplayName);
        var entry = AuditEntries().Last();
        Assert.Equal((AuditKinds.AccountChanged, StaffEmail, "renamed ada@example.test from Ada Lovelace to Ada King"), (entry.Kind, entry.Actor, entry.Detail));
    }

    [Fact]
    public async Task The_search_box_matches_e_mail_and_name_in_part_ignoring_case()
    {
        await AddOtherAsync();
        var cut = RenderPage();
        string[] Shown() => cut.FindAll("li.staff-card").Select(c => c.GetAttribute("data-email")!).ToArray();
        Assert.Equal([OtherEmail, StaffEmail], Shown());

        cut.Find("input#staff-search").Input("LOVE");
        cut.WaitForAssertion(() => Assert.Equal([OtherEmail], Shown()));

        cut.Find("input#staff-search").Input("staff@");
        cut.WaitForAssertion(() => Assert.Equal([StaffEmail], Shown()));

        cut.Find("input#staff-search").Input("nobody");
        cut.WaitForAssertion(() => Assert.Contains("No staff member matches “nobody”.", cut.Find("#staff-no-match").TextContent));
        Assert.Empty(Shown());
    }
}
