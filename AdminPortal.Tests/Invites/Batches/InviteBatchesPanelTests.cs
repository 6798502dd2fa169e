using AdminPortal.Attendance;
using AdminPortal.Components.Pages.Invites;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AdminPortal.Tests.Invites.Batches;

/// <summary>The batches section of /invites: counts, sheet and CSV links, revoke all (confirmed, with the count), extend all, and the list filtered to one batch.</summary>
public sealed class InviteBatchesPanelTests : PortalBunitContext
{
    public InviteBatchesPanelTests() : base(JSRuntimeMode.Loose)
    {
        AddPlugNmeet(new StubHandler((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)));
        Services.AddAttendance();
    }

    private static StaffActor Admin => new(StaffUserId, StaffEmail, "Test staff", StaffRoles.Administrator, "127.0.0.1");

    private Task<SeededBatch> SeedAsync(int count, string name) => InviteBatchSeed.CreateAsync(Services, Admin, count, Clock.GetUtcNow(), name);

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<InvitesPage> Page) Render()
    {
        var dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return (dialogs, RenderWithPopovers<InvitesPage>());
    }

    [Fact]
    public async Task A_batch_shows_its_counts_and_links_to_its_sheet_and_csv()
    {
        var seeded = await SeedAsync(4, "Training 3 March");
        await InviteBatchSeed.UpdateAsync(Services, seeded.InviteIds[0], i => i.RevokedAt = Clock.GetUtcNow());
        var (_, cut) = Render();
        var id = seeded.Batch.Id;

        cut.WaitForAssertion(() => Assert.Equal("4 invites: 3 active, 1 revoked", cut.Find($"#batch-counts-{id}").TextContent));
        Assert.Contains("Training 3 March", cut.Find($"#batch-{id}").TextContent);
        Assert.Contains("Training room", cut.Find($"#batch-{id}").TextContent);
        Assert.Equal($"invites/batches/{id}/sheet", cut.Find($"#batch-sheet-{id}").GetAttribute("href"));
        Assert.Equal("_blank", cut.Find($"#batch-sheet-{id}").GetAttribute("target"));
        Assert.Equal($"invites/batches/{id}/links.csv", cut.Find($"#batch-csv-{id}").GetAttribute("href"));
        Assert.True(cut.Find($"#batch-csv-{id}").HasAttribute("download"));
    }

    [Fact]
    public async Task Revoke_all_asks_first_with_the_count_and_then_revokes_them_together()
    {
        var seeded = await SeedAsync(3, "Revoked together");
        var (dialogs, cut) = Render();
        var id = seeded.Batch.Id;

        cut.WaitForElement($"#batch-revoke-{id}").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke all 3 invites of \"Revoked together\"?", dialogs.Markup));
        Assert.Contains("3 invites of this batch are not revoked yet", dialogs.Markup);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke 3 invites").Click();

        cut.WaitForAssertion(() => Assert.Equal("3 invites: 3 revoked", cut.Find($"#batch-counts-{id}").TextContent));
        Assert.All(await InviteBatchSeed.InvitesAsync(Services, id), i => Assert.NotNull(i.RevokedAt));
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == "Batch \"Revoked together\": 3 invites revoked.");
        Assert.Empty(cut.FindAll($"#batch-revoke-{id}"));
        // The invites list below shows them revoked too.
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#invites-table [data-status=Revoked]").Count));
    }

    [Fact]
    public async Task Keeping_them_in_the_confirmation_changes_nothing()
    {
        var seeded = await SeedAsync(2, "Kept");
        var (dialogs, cut) = Render();

        cut.WaitForElement($"#batch-revoke-{seeded.Batch.Id}").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep them").Click());

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("not revoked yet", dialogs.Markup));
        Assert.All(await InviteBatchSeed.InvitesAsync(Services, seeded.Batch.Id), i => Assert.Null(i.RevokedAt));
        Assert.Equal("2 invites: 2 active", cut.Find($"#batch-counts-{seeded.Batch.Id}").TextContent);
    }

    [Fact]
    public async Task Extend_all_sets_the_new_end_chosen_in_days_from_now()
    {
        var seeded = await SeedAsync(2, "Extended together");
        var (_, cut) = Render();
        var id = seeded.Batch.Id;

        cut.WaitForElement($"#batch-extend-{id}").Click();
        cut.WaitForElement($"#batch-extend-days-{id}").Input("20");
        cut.WaitForAssertion(() => Assert.Contains(Clock.GetUtcNow().AddDays(20).UtcDateTime.ToString("yyyy-MM-dd HH:mm"), cut.Find($"#batch-extend-until-{id}").TextContent));
        cut.Find($"#batch-extend-confirm-{id}").Click();

        cut.WaitForAssertion(() => Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == "Batch \"Extended together\": 2 invites extended."));
        Assert.All(await InviteBatchSeed.InvitesAsync(Services, id), i => Assert.Equal(Clock.GetUtcNow().AddDays(20), i.ValidUntil));
        Assert.Empty(cut.FindAll($"#batch-extend-form-{id}"));
    }

    [Fact]
    public async Task The_invites_list_can_be_filtered_to_one_batch_and_back()
    {
        var first = await SeedAsync(2, "First batch");
        var second = await SeedAsync(3, "Second batch");
        var (_, cut) = Render();
        cut.WaitForAssertion(() => Assert.Equal("5 invites", cut.Find("#invites-count").TextContent.Trim()));

        cut.Find($"#batch-filter-{second.Batch.Id}").Click();

        cut.WaitForAssertion(() => Assert.Equal("3 invites in this batch", cut.Find("#invites-count").TextContent.Trim()));
        Assert.Contains($"Batch #{second.Batch.Id} only", cut.Find("#invites-batch-filter").TextContent);
        Assert.DoesNotContain($"pupil-{first.Batch.Id}-1", cut.Find("#invites-table").TextContent);
        Assert.Contains($"pupil-{second.Batch.Id}-3", cut.Find("#invites-table").TextContent);
        Assert.Equal("true", cut.Find($"#batch-filter-{second.Batch.Id}").GetAttribute("aria-pressed"));

        cut.Find($"#batch-filter-{second.Batch.Id}").Click();
        cut.WaitForAssertion(() => Assert.Equal("5 invites", cut.Find("#invites-count").TextContent.Trim()));
    }
}
