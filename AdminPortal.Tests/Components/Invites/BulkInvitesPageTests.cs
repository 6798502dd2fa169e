using System.Net;
using AdminPortal.Components.Pages.Invites.Bulk;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.Tests.Rooms;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Components.Invites;

/// <summary>Issue 14's bulk page: preview with errors per cell, fix in place or skip, confirm, create with progress and Cancel, links once.</summary>
public sealed class BulkInvitesPageTests : PortalBunitContext
{
    private readonly List<StubRoom> _running = [];
    private bool _plugNmeetDown;

    public BulkInvitesPageTests() : base(JSRuntimeMode.Loose)
    {
        AddPlugNmeet(new StubHandler((request, body) => _plugNmeetDown
            ? new HttpResponseMessage(HttpStatusCode.BadGateway)
            : RoomReplies.Answer(_running, RoomReplies.Route(request), body)));
        Services.AddBulkInvites();
    }

    private IRenderedComponent<BulkInvitesPage> Render() => RenderWithPopovers<BulkInvitesPage>();

    /// <summary>Types into a MudTextField: the Immediate room id listens to input, the others commit on change.</summary>
    private static void Type(IRenderedComponent<BulkInvitesPage> cut, string selector, string text)
    {
        if (selector == "input#bulk-room-id")
        {
            cut.Find(selector).Input(text);
            cut.Find(selector).Blur();
        }
        else
        {
            cut.Find(selector).Change(text);
        }
    }

    private static void Paste(IRenderedComponent<BulkInvitesPage> cut, string csv, string room = "bulk-room")
    {
        Type(cut, "textarea#bulk-paste", csv);
        cut.Find("#bulk-read-paste").Click();
        Type(cut, "input#bulk-room-id", room);
        Type(cut, "input#bulk-room-title", "Training");
        cut.Find("#bulk-check").Click();
    }

    private int InviteCount()
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        return db.Invites.Count();
    }

    private InviteBatch Batch()
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        return db.InviteBatches.Single();
    }

    [Fact]
    public void A_row_with_an_error_is_shown_at_its_cell_blocks_creation_and_once_fixed_the_batch_is_created_with_its_links_shown_once()
    {
        var cut = Render();

        Paste(cut, "display name\tuser id\te-mail\nAnna Beispiel\tanna\tanna@example.org\nCem\tall\t\n");

        cut.WaitForAssertion(() => Assert.Contains("User ID all has a special meaning", cut.Find("#bulk-error-3-UserId").TextContent));
        Assert.Equal("true", cut.Find("#bulk-cell-3-UserId").GetAttribute("aria-invalid"));
        Assert.Contains("1 of 2 rows are ready; 1 need fixing or skipping.", cut.Find("#bulk-preview-counts").TextContent);
        cut.Find("#bulk-create").Click();
        cut.WaitForAssertion(() => Assert.Equal("1 row(s) still have errors: fix them in the table or skip them. No invites were created.",
            cut.Find("#bulk-create-error").TextContent.Trim()));
        Assert.Empty(cut.FindAll("#bulk-confirm"));

        cut.Find("#bulk-cell-3-UserId").Change("cem-1");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#bulk-error-3-UserId")));
        cut.Find("#bulk-create").Click();
        cut.WaitForAssertion(() => Assert.Contains("Create 2 invites for room Training (bulk-room)?", cut.Find("#bulk-confirm").TextContent));
        Assert.Equal(0, InviteCount());
        cut.Find("#bulk-confirm-create").Click();

        cut.WaitForAssertion(() => Assert.Contains("Created 2 invites", cut.Find("#bulk-results-summary").TextContent));
        Assert.Contains("The links are shown once here; download the CSV now.", cut.Find("#bulk-results-once").TextContent);
        var links = cut.FindAll(".bulk-result-link").Select(l => l.TextContent).ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.Matches("^http://localhost/j/[A-Za-z0-9_-]{22}$", l));
        Assert.Contains(cut.FindAll(".bulk-result-name"), n => n.TextContent == "Cem");
        var batch = Batch();
        Assert.Equal((InviteBatchState.Created, 2), (batch.State, batch.Created));
        Assert.Equal($"invites/batches/{batch.Id}/links.csv", cut.Find("#bulk-download").GetAttribute("href")); // the audited batch export
        Assert.Equal($"invites/batches/{batch.Id}/sheet", cut.Find("#bulk-sheet").GetAttribute("href"));
        Assert.Equal(2, InviteCount());
    }

    [Fact]
    public void A_skipped_row_gets_no_invite_and_can_be_included_again()
    {
        var cut = Render();
        Paste(cut, "name,user id\nAnna,anna\nBad,all\nCem,cem\n");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#bulk-skip-3")));

        cut.Find("#bulk-skip-3").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#bulk-include-3")));
        Assert.Contains("2 of 2 rows are ready; 1 skipped.", cut.Find("#bulk-preview-counts").TextContent);
        cut.Find("#bulk-create").Click();
        cut.WaitForAssertion(() => Assert.Contains("Create 2 invites for room Training (bulk-room)? 1 skipped rows get none.", cut.Find("#bulk-confirm").TextContent));
        cut.Find("#bulk-confirm-create").Click();

        cut.WaitForAssertion(() => Assert.Contains("Created 2 invites", cut.Find("#bulk-results-summary").TextContent));
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        Assert.Equal(["anna", "cem"], db.Invites.OrderBy(i => i.Id).Select(i => i.UserId).ToList());
    }

    [Fact]
    public void A_user_id_of_someone_in_the_room_now_is_flagged_after_one_look_at_the_room()
    {
        _running.Add(new StubRoom("bulk-room", "Training", Participants: [new StubParticipant("Maria", "maria-1")]));
        var cut = Render();

        Paste(cut, "name,user id\nMaria,maria-1\nBo,bo\n");

        cut.WaitForAssertion(() => Assert.Equal("someone with this user id is in the room now; joining with it would knock them out.",
            cut.Find("#bulk-error-2-UserId").TextContent));
        Assert.Empty(cut.FindAll("#bulk-room-note"));
    }

    [Fact]
    public void When_plugNmeet_cannot_be_asked_the_preview_says_so_and_still_checks_the_file()
    {
        _plugNmeetDown = true;
        var cut = Render();

        Paste(cut, "name,user id\nAnna,anna\nAnna again,anna\n");

        cut.WaitForAssertion(() => Assert.Contains("Could not ask plugNmeet who is in the room now", cut.Find("#bulk-room-note").TextContent));
        Assert.Contains("appears more than once in this file (rows 2, 3)", cut.Find("#bulk-error-2-UserId").TextContent);
    }

    [Fact]
    public void A_file_over_4_MB_is_refused_with_a_message_before_it_is_read()
    {
        var cut = Render();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[BulkCsv.MaxBytes + 1], "pupils.csv"));

        cut.WaitForAssertion(() => Assert.Equal("“pupils.csv” is 4.0 MB; at most 4 MB can be read. Split it into smaller files.",
            cut.Find("#bulk-file-error").TextContent.Trim()));
        Assert.True(cut.Find("#bulk-check").HasAttribute("disabled"));
    }

    [Fact]
    public void An_uploaded_file_is_read_and_names_the_batch()
    {
        var cut = Render();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(BulkInvitesHosting.Template(), "Training 3 March.csv"));

        cut.WaitForAssertion(() => Assert.Equal("Training 3 March", cut.Find("input#bulk-name").GetAttribute("value")));
        Type(cut, "input#bulk-room-id", "bulk-room");
        cut.Find("#bulk-check").Click();
        cut.WaitForAssertion(() => Assert.Contains("2 of 2 rows are ready.", cut.Find("#bulk-preview-counts").TextContent));
    }

    [Fact]
    public async Task Cancel_stops_creation_between_chunks_and_says_how_many_were_created_and_kept()
    {
        // The first chunk's save waits until the test has pressed Cancel, so the cancel lands during chunk 1 on every run.
        var gate = new FirstChunkGate();
        Services.ConfigureDbContext<ApplicationDbContext>(o => o.AddInterceptors(gate));
        var cut = Render();
        Paste(cut, "name\n" + string.Concat(Enumerable.Range(1, 2000).Select(i => $"Person {i}\n")));
        cut.WaitForAssertion(() => Assert.Contains("2,000 of 2,000 rows are ready.", cut.Find("#bulk-preview-counts").TextContent));
        cut.Find("#bulk-create").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#bulk-confirm-create")));

        cut.Find("#bulk-confirm-create").Click();
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#bulk-cancel")));
        cut.Find("#bulk-cancel").Click();
        gate.Release.SetResult();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#bulk-results-summary")), TimeSpan.FromSeconds(60));
        var batch = Batch();
        Assert.Equal(InviteBatchState.Cancelled, batch.State);
        Assert.Equal(BulkInviteCreator.ChunkSize, batch.Created); // the chunk under way finishes whole; no later chunk starts
        Assert.Equal(batch.Created, InviteCount());
        Assert.Equal($"Cancelled: {batch.Created:N0} of 2,000 invites were created and kept.", cut.Find("#bulk-results-summary").TextContent.Trim());
    }

    /// <summary>Holds the first save that holds batch invites until <see cref="Release"/> is set.</summary>
    private sealed class FirstChunkGate : SaveChangesInterceptor
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<Invite>().Any(e => e.Entity.BatchId is not null) && Reached.TrySetResult())
            {
                await Release.Task;
            }
            return result;
        }
    }
}
