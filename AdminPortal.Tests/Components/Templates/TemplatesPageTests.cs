using AdminPortal.Audit;
using AdminPortal.Components.Pages.Presets;
using AdminPortal.Components.Pages.Templates;
using AdminPortal.Data;
using AdminPortal.Presets;
using AdminPortal.Rooms.Templates;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Components.Templates;

/// <summary>The /templates page over a real database: list, field messages, add, make default, delete; and the presets page's template choice.</summary>
public sealed class TemplatesPageTests : PortalBunitContext
{
    public TemplatesPageTests() : base(JSRuntimeMode.Loose)
    {
        AddStaff(StaffRoles.Administrator);
        Authorization!.SetPolicies(StaffRoles.Administrator);
    }

    private ApplicationDbContext Db() => Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();

    private static void ClickItem(IRenderedComponent<TemplatesPage> cut, string text) =>
        cut.FindAll("#template-list .mud-list-item").Single(i => i.TextContent.Trim() == text).Click();

    [Fact]
    public void The_seeded_default_is_listed_and_cannot_be_deleted()
    {
        var cut = RenderWithPopovers<TemplatesPage>();

        ClickItem(cut, "Standard (default)");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#template-is-default")));
        Assert.Empty(cut.FindAll("#delete-template"));
        Assert.Empty(cut.FindAll("#make-default-template"));
        Assert.Contains("cannot be switched off here", cut.Find("#template-always-on").TextContent);
    }

    [Fact]
    public void Bad_fields_show_their_message_next_to_them_and_nothing_is_saved()
    {
        var cut = RenderWithPopovers<TemplatesPage>();
        cut.Find("#new-template").Click();

        cut.Find("input#template-webhook-url").Input("http://portal.example/hook^");
        cut.Find("input#template-max-participants").Input("0");
        cut.Find("#save-template").Click();

        cut.WaitForAssertion(() => Assert.Equal("Name is required.", ValidationMessage(cut, "template-name")));
        Assert.Equal("The character ^ is not allowed in an address: write it as %5E.", ValidationMessage(cut, "template-webhook-url"));
        Assert.Equal("Enter a number from 1 to 10,000, or leave it empty for the server's limit.", ValidationMessage(cut, "template-max-participants"));
        Assert.Contains("see the messages next to them", cut.Find("#template-error").TextContent);
        using var db = Db();
        Assert.Equal(1, db.RoomTemplates.Count());
    }

    [Fact]
    public void A_new_template_is_saved_audited_made_default_and_the_old_default_can_then_be_deleted()
    {
        var cut = RenderWithPopovers<TemplatesPage>();
        cut.Find("#new-template").Click();
        cut.Find("input#template-name").Input("Classroom");
        cut.Find("#template-mute-on-start").Change(true);
        cut.Find("#template-lock_chat").Change(true);
        cut.Find("#save-template").Click();

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("#template-list .mud-list-item"), i => i.TextContent.Trim() == "Classroom"));
        using (var db = Db())
        {
            var saved = db.RoomTemplates.Single(t => t.Name == "Classroom");
            Assert.True(saved.Settings.MuteOnStart);
            Assert.Contains("lock_chat", saved.Settings.Locks);
            Assert.False(saved.IsDefault);
        }
        Assert.Contains(AuditEntries(), e => e.Kind == AuditKinds.RoomTemplateChanged && e.Detail!.StartsWith("created template \"Classroom\""));

        cut.Find("#make-default-template").Click();
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("#template-list .mud-list-item"), i => i.TextContent.Trim() == "Classroom (default)"));

        ClickItem(cut, "Standard");
        cut.WaitForAssertion(() => cut.Find("#delete-template").Click());
        cut.WaitForAssertion(() => Assert.Equal("Click again to delete", cut.Find("#delete-template").TextContent.Trim()));
        cut.Find("#delete-template").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("#template-list .mud-list-item"), i => i.TextContent.Trim() == "Standard"));
        using var after = Db();
        Assert.Equal("Classroom", after.RoomTemplates.Single().Name);
    }

    [Fact]
    public async Task Deleting_names_the_presets_that_will_fall_back_to_the_default()
    {
        var admin = new StaffActor(StaffUserId, StaffEmail, "Test staff", StaffRoles.Administrator, "127.0.0.1");
        var template = new RoomTemplate { Name = "Briefing" };
        Assert.Null(await Services.GetRequiredService<RoomTemplateService>().SaveAsync(admin, template));
        Assert.Null(await Services.GetRequiredService<PresetService>().SaveAsync(admin, new Preset { Name = "Briefing guest", TemplateId = template.Id }));
        var cut = RenderWithPopovers<TemplatesPage>();

        ClickItem(cut, "Briefing");
        cut.WaitForAssertion(() => cut.Find("#delete-template").Click());

        cut.WaitForAssertion(() => Assert.Equal("Used by preset Briefing guest: it will use the default template.",
            System.Text.RegularExpressions.Regex.Replace(cut.Find("#template-delete-presets").TextContent, @"\s+", " ").Trim()));
    }

    [Fact]
    public async Task A_preset_keeps_the_template_it_names()
    {
        var admin = new StaffActor(StaffUserId, StaffEmail, "Test staff", StaffRoles.Administrator, "127.0.0.1");
        var template = new RoomTemplate { Name = "Town hall" };
        Assert.Null(await Services.GetRequiredService<RoomTemplateService>().SaveAsync(admin, template));
        var preset = new Preset { Name = "Town hall guest", TemplateId = template.Id };
        Assert.Null(await Services.GetRequiredService<PresetService>().SaveAsync(admin, preset));
        var cut = RenderWithPopovers<PresetsPage>();

        cut.FindAll("#preset-list .mud-list-item").Single(i => i.TextContent.Trim() == "Town hall guest").Click();
        cut.WaitForAssertion(() => Assert.Equal(template.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("input#preset-template").GetAttribute("value")));
        cut.Find("#save-preset").Click();

        cut.WaitForAssertion(() => Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == "Preset \"Town hall guest\" saved."));
        Assert.Equal(template.Id, (await Services.GetRequiredService<PresetService>().FindAsync(preset.Id))!.TemplateId);
    }
}
