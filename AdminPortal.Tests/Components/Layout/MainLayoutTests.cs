using AdminPortal.Components.Layout;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;
using MudBlazor.Extensions;

namespace AdminPortal.Tests.Components.Layout;

/// <summary>Issue 10: the navigation is real links with the current page marked, by role, with who is signed in and a dark-mode switch.</summary>
public sealed class MainLayoutTests : PortalBunitContext
{
    private readonly StubHandler _plugNmeet = new((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError));

    public MainLayoutTests() : base(JSRuntimeMode.Loose)
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
    }

    private IRenderedComponent<MainLayout> RenderLayout(string role, bool interactive = true)
    {
        AddPlugNmeet(_plugNmeet, role);
        if (role == StaffRoles.Administrator)
        {
            Authorization!.SetPolicies(StaffRoles.Administrator);
        }
        SetRendererInfo(new RendererInfo("Server", interactive));
        return Render<MainLayout>(p =>
        {
            p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "the page")));
            if (interactive)
            {
                p.SetAssignedRenderMode(RenderMode.InteractiveServer);
            }
        });
    }

    private static List<AngleSharp.Dom.IElement> AppBarLinks(IRenderedComponent<MainLayout> cut) => cut.FindAll(".appbar-nav a").ToList();

    [Fact]
    public void An_administrator_gets_every_page_as_a_link_with_an_address()
    {
        var cut = RenderLayout(StaffRoles.Administrator);

        var links = AppBarLinks(cut);
        Assert.Equal(["Generator", "Invites", "Rooms", "Staff", "Presets", "Templates", "Audit", "plugNmeet", "E-mail"], links.Select(a => a.TextContent.Trim()));
        Assert.Equal(["", "invites", "rooms", "staff", "presets", "templates", "audit", "settings/plugnmeet", "settings/email"], links.Select(a => a.GetAttribute("href")));
        Assert.Empty(cut.FindAll(".appbar-nav button"));
    }

    [Theory]
    [InlineData(StaffRoles.Moderator)]
    [InlineData(StaffRoles.Helpdesk)]
    public void Other_roles_see_only_the_generator_invites_and_rooms(string role)
    {
        var cut = RenderLayout(role);

        Assert.Equal(["Generator", "Invites", "Rooms"], AppBarLinks(cut).Select(a => a.TextContent.Trim()));
    }

    [Theory]
    [InlineData("", "Generator")]
    [InlineData("invites", "Invites")]
    [InlineData("rooms/weekly-1", "Rooms")]
    [InlineData("audit", "Audit")]
    public void Only_the_current_page_is_marked(string address, string current)
    {
        var cut = RenderLayout(StaffRoles.Administrator);

        Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        cut.WaitForAssertion(() =>
        {
            var marked = AppBarLinks(cut).Where(a => a.GetAttribute("aria-current") == "page").ToList();
            Assert.Equal([current], marked.Select(a => a.TextContent.Trim()));
            Assert.Contains("active", marked[0].ClassList);
        });
        Assert.Single(AppBarLinks(cut), a => a.ClassList.Contains("active"));
    }

    [Fact]
    public void The_signed_in_name_and_role_and_sign_out_are_in_the_app_bar()
    {
        var cut = RenderLayout(StaffRoles.Helpdesk);

        cut.WaitForAssertion(() => Assert.Equal("Test staff", cut.Find("#signed-in-as .signed-in-name").TextContent));
        Assert.Equal(StaffRoles.Helpdesk, cut.Find("#signed-in-as .signed-in-role").TextContent);
        Assert.Equal(StaffEmail, cut.Find("#signed-in-as").GetAttribute("title"));
        Assert.Equal("Account/Logout", cut.Find("#sign-out").Closest("form")!.GetAttribute("action"));
    }

    [Fact]
    public void The_menu_button_opens_a_drawer_with_the_person_and_the_links_and_a_page_change_closes_it()
    {
        var cut = RenderLayout(StaffRoles.Administrator);
        Assert.Empty(cut.FindAll("#nav-drawer a"));
        Assert.Equal("false", cut.Find("#nav-menu").GetAttribute("aria-expanded"));

        cut.Find("#nav-menu").Click();

        Assert.Equal("true", cut.Find("#nav-menu").GetAttribute("aria-expanded"));
        cut.WaitForAssertion(() => Assert.Equal("Test staff", cut.Find("#drawer-signed-in-as .signed-in-name").TextContent));
        Assert.Equal(["Generator", "Invites", "Rooms", "Staff", "Presets", "Templates", "Audit", "plugNmeet", "E-mail", "Password"],
            cut.FindAll("#nav-drawer a").Select(a => a.TextContent.Trim()));

        Services.GetRequiredService<NavigationManager>().NavigateTo("staff");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#nav-drawer a")));
    }

    [Fact]
    public void A_static_page_gets_a_menu_that_works_without_a_circuit_and_stays_light()
    {
        var cut = RenderLayout(StaffRoles.Administrator, interactive: false);

        Assert.Empty(cut.FindAll("#nav-menu"));
        Assert.Empty(cut.FindAll("#dark-mode"));
        Assert.Equal(["Generator", "Invites", "Rooms", "Staff", "Presets", "Templates", "Audit", "plugNmeet", "E-mail", "Password"],
            cut.FindAll("details.static-menu a").Select(a => a.TextContent.Trim()));
        Assert.False(cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));
    }

    [Fact]
    public void The_dark_mode_switch_changes_the_palette_and_remembers_the_choice_in_this_browser()
    {
        var module = JSInterop.SetupModule("./js/color-scheme.js");
        module.SetupVoid("save", _ => true);
        var cut = RenderLayout(StaffRoles.Moderator);
        var theme = cut.FindComponent<MudThemeProvider>();
        Assert.False(theme.Instance.GetState(x => x.IsDarkMode));
        Assert.Equal("false", cut.Find("#dark-mode").GetAttribute("aria-checked"));

        cut.Find("#dark-mode").Click();

        Assert.True(theme.Instance.GetState(x => x.IsDarkMode));
        Assert.Equal("true", cut.Find("#dark-mode").GetAttribute("aria-checked"));
        Assert.Equal([ColorSchemeChoice.CookieName, "dark"], module.VerifyInvoke("save").Arguments);

        cut.Find("#dark-mode").Click();

        Assert.False(theme.Instance.GetState(x => x.IsDarkMode));
        Assert.Equal([ColorSchemeChoice.CookieName, "light"], module.VerifyInvoke("save", 2)[1].Arguments);
    }

    [Fact]
    public void The_sandbox_banner_follows_a_switch_made_on_another_page_without_a_reload()
    {
        var cut = RenderLayout(StaffRoles.Administrator);
        var connection = Services.GetRequiredService<AdminPortal.PlugNmeet.PlugNmeetConnection>();
        var server = connection.Current;
        Assert.Empty(cut.FindAll("#sandbox-banner"));

        connection.Use(server with { UsesSandbox = true, ServerUrl = null, ClientUrl = null }, ("sandbox-key", "sandbox-secret"));
        cut.WaitForAssertion(() => Assert.Contains("Choose a plugNmeet server", cut.Find("#sandbox-banner").TextContent));
        Assert.Equal("settings/plugnmeet", cut.Find("#sandbox-banner a").GetAttribute("href"));

        connection.Use(server, ("sandbox-key", "sandbox-secret"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#sandbox-banner")));
    }
}
