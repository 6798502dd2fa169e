using AdminPortal.Components.Pages.Generator;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;
using AdminPortal.Presets;
using AdminPortal.Staff;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Components;

/// <summary>Issue 10: the generator made short for a phone, and a link that has expired looks it.</summary>
public partial class GeneratorTests
{
    [Fact]
    public void Locks_and_custom_design_start_closed_unrendered_with_a_summary_and_open_on_a_click()
    {
        var cut = RenderWithPopovers<Generator>();

        Assert.Empty(cut.FindAll("input#lock_microphone"));
        Assert.Empty(cut.FindAll("input#primary_color"));
        Assert.Equal("3 locks on", cut.Find("#locks-section-summary").TextContent);
        Assert.Equal("Nothing set", cut.Find("#design-section-summary").TextContent);
        Assert.Equal("locks-section-body", cut.Find("#locks-section-toggle").GetAttribute("aria-controls"));

        cut.Find("#design-section-toggle").Click();
        cut.Find("input#primary_color").Input("#1a73e8");
        cut.Find("input#custom_logo").Input("https://example.com/logo.png");

        Assert.Equal("true", cut.Find("#design-section-toggle").GetAttribute("aria-expanded"));
        cut.WaitForAssertion(() => Assert.Equal("1 colour and logo set", cut.Find("#design-section-summary").TextContent));
        Assert.Empty(cut.FindAll("input#lock_microphone"));

        cut.Find("#design-section-toggle").Click();
        Assert.Empty(cut.FindAll("input#primary_color"));
        Assert.Equal("1 colour and logo set", cut.Find("#design-section-summary").TextContent);
    }

    [Fact]
    public void Lock_switches_are_worded_as_restrictions_and_say_why_three_start_on()
    {
        var cut = RenderWithPopovers<Generator>();
        OpenSection(cut, "locks");

        var labels = cut.FindAll(".lock-grid label").Select(l => l.TextContent.Trim()).ToList();

        Assert.Equal(PlugNmeetLocks.All.Count, labels.Count);
        Assert.All(labels, label => Assert.EndsWith(" locked", label));
        Assert.Contains("Microphone locked", labels);
        var note = System.Text.RegularExpressions.Regex.Replace(cut.Find("#locks-defaults-note").TextContent, @"\s+", " ");
        Assert.Contains("On means the participant cannot use it.", note);
        Assert.Contains("Screen sharing, whiteboard and shared notepad start locked, as in a new plugNmeet room", note);
    }

    [Fact]
    public void A_new_preset_starts_from_the_same_locks_as_the_generator()
    {
        Assert.Equal(new JoinLinkForm().Locks.Order(), new Preset { Name = "New" }.Locks.Order());
        Assert.Equal(["lock_screen_sharing", "lock_shared_notepad", "lock_whiteboard"], new Preset { Name = "New" }.Locks.Order());
    }

    [Fact]
    public void Generating_scrolls_the_result_into_view()
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);

        cut.Find("#generate").Click();

        cut.WaitForElement("#join-link");
        cut.WaitForAssertion(() => Assert.Equal("result", Assert.Single(JSInterop.Invocations, i => i.Identifier == "adminPortal.scrollIntoView").Arguments[0]));
    }

    [Fact]
    public void The_countdown_turns_amber_in_its_last_minute()
    {
        _plugNmeet.TokenLifetime = TimeSpan.FromSeconds(61);
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        cut.Find("#generate").Click();
        cut.WaitForElement("#join-link");
        Assert.Equal("1:01", cut.Find("#expiry-remaining").TextContent);
        Assert.DoesNotContain("expiry-soon", cut.Find("#expiry-remaining").ClassList);

        Clock.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Contains("expiry-soon", cut.Find("#expiry-remaining").ClassList));
        Assert.Equal("1:00", cut.Find("#expiry-remaining").TextContent);
    }

    [Fact]
    public void An_expired_link_is_greyed_out_with_copy_disabled_until_a_fresh_one_is_generated()
    {
        // Short-lived tokens: the countdown ticks every second, so advancing a fake clock by minutes would queue many renders.
        _plugNmeet.TokenLifetime = TimeSpan.FromSeconds(3);
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        cut.Find("#generate").Click();
        cut.WaitForElement("#join-link");
        Assert.False(cut.Find("#copy-link").HasAttribute("disabled"));
        Assert.False(cut.Find("#join-link").HasAttribute("disabled"));

        Clock.Advance(TimeSpan.FromSeconds(3));
        cut.WaitForElement("#expired-alert");

        cut.WaitForAssertion(() => Assert.True(cut.Find("#copy-link").HasAttribute("disabled")));
        Assert.True(cut.Find("#join-link").HasAttribute("disabled"));
        Assert.Contains("qr-expired", cut.Find("#join-qr").ParentElement!.ClassList);
        Assert.Equal("QR code of the expired join link: it no longer works", cut.Find("#join-qr").GetAttribute("alt"));
        Assert.Contains("This link no longer works", cut.Find("#expired-alert").TextContent);

        cut.Find("#generate-again").Click();

        cut.WaitForAssertion(() => Assert.False(cut.Find("#copy-link").HasAttribute("disabled")));
        Assert.False(cut.Find("#join-link").HasAttribute("disabled"));
        Assert.DoesNotContain("qr-expired", cut.Find("#join-qr").ParentElement!.ClassList);
    }
}

/// <summary>Issue 10: in "presets only" mode the fields the role may not change are summarised, not shown disabled.</summary>
public sealed class GeneratorPresetsOnlyTests() : TestHelpers.PortalBunitContext(JSRuntimeMode.Loose)
{
    [Fact]
    public async Task Presets_only_shows_what_the_preset_set_instead_of_disabled_fields()
    {
        AddPlugNmeet(new TestHelpers.StubHandler((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)), StaffRoles.Helpdesk);
        await using (var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext())
        {
            db.RoleSettings.Add(new RoleSetting { Role = StaffRoles.Helpdesk, PresetsOnly = true });
            await db.SaveChangesAsync();
        }
        var cut = RenderWithPopovers<Generator>();

        cut.WaitForAssertion(() => Assert.Contains("Pick a preset above", cut.Find("#preset-summary").TextContent));
        Assert.Empty(cut.FindAll("#is-admin"));
        Assert.Empty(cut.FindAll("#is-hidden"));
        Assert.Empty(cut.FindAll("#locks-section"));
        Assert.Empty(cut.FindAll("#design-section"));
        Assert.Empty(cut.FindAll("#preferred-language"));

        cut.Find("#preset-hidden-observer").Click();

        var summary = cut.Find("#preset-summary").TextContent;
        Assert.Contains("Not an administrator, hidden", summary);
        Assert.Contains("All locks on: microphone, webcam", summary);
        Assert.Contains("Custom design: nothing set", summary);
        Assert.Contains("the participant's browser decides", summary);
    }
}

/// <summary>Issue 10: "Your recent links" on the generator.</summary>
public sealed class RecentLinksPanelTests() : TestHelpers.PortalBunitContext(JSRuntimeMode.Loose)
{
    [Fact]
    public async Task Direct_links_show_what_they_were_for_and_expire_while_invites_can_be_copied_and_shown_as_qr_again()
    {
        AddPlugNmeet(new TestHelpers.StubHandler((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)));
        var actor = new StaffActor(StaffUserId, StaffEmail, "Test staff", StaffRoles.Administrator, "127.0.0.1");
        await using (var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext())
        {
            var form = new JoinLinkForm { RoomId = "old-room", DisplayName = "Old", UserId = "old-1" };
            var old = JoinLinkService.Entry(AdminPortal.Audit.AuditKinds.LinkIssued, form, actor, null, "ok", null);
            old.TimeUtc = Clock.GetUtcNow().AddHours(-13);
            old.TokenExpiresAt = old.TimeUtc.AddMinutes(10);
            var recent = JoinLinkService.Entry(AdminPortal.Audit.AuditKinds.LinkIssued,
                new JoinLinkForm { RoomId = "standup", DisplayName = "Ada", UserId = "ada-1" }, actor, null, "ok", null);
            recent.TimeUtc = Clock.GetUtcNow().AddMinutes(-1);
            recent.TokenExpiresAt = recent.TimeUtc.AddMinutes(10);
            var someoneElse = JoinLinkService.Entry(AdminPortal.Audit.AuditKinds.LinkIssued, form,
                actor with { Email = "other@example.test" }, null, "ok", null);
            someoneElse.TimeUtc = Clock.GetUtcNow();
            db.AuditEntries.AddRange(old, recent, someoneElse);
            await db.SaveChangesAsync();
        }
        await using (var scope = Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(
                new JoinLinkForm { RoomId = "parents-evening", DisplayName = "Bo", UserId = "bo-1" },
                new InviteTerms(InviteKind.Personal, Clock.GetUtcNow(), Clock.GetUtcNow().AddDays(1), 1), actor, new Uri("https://portal.example/"));
            Assert.NotNull(created.Url);
        }

        var cut = Render<AdminPortal.Components.Pages.Generator.RecentLinksPanel>(p => p.Add(c => c.Actor, actor));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".recent-item").Count));
        Assert.Contains("Invite", cut.Find("#recent-0").TextContent);
        Assert.Contains("parents-evening", cut.Find("#recent-0").TextContent);
        Assert.Contains("Direct link", cut.Find("#recent-1").TextContent);
        Assert.Contains("standup · Ada (ada-1)", cut.Find("#recent-1").TextContent);
        Assert.Contains("valid until", cut.Find("#recent-1").TextContent);
        Assert.DoesNotContain("access_token", cut.Markup);
        Assert.Empty(cut.FindAll("#recent-copy-1"));

        cut.Find("#recent-qr-0").Click();
        Assert.StartsWith("data:image/png;base64,", cut.Find("#recent-qr-image-0").GetAttribute("src"));
        Assert.Equal("QR code of the invite for Bo (bo-1) in room parents-evening", cut.Find("#recent-qr-image-0").GetAttribute("alt"));
        Assert.NotNull(cut.Find("#recent-copy-0"));

        Clock.Advance(TimeSpan.FromMinutes(10));
        cut.Render(p => p.Add(c => c.Version, 1));

        cut.WaitForAssertion(() => Assert.Contains("expired", cut.Find("#recent-1 .recent-dead").TextContent));
    }
}
