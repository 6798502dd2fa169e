using System.Text;
using System.Text.RegularExpressions;
using AdminPortal.Invites.Bulk;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 14's bulk invites in Chromium: a moderator uploads a German-Excel CSV through the real file input, fixes and skips rows
/// in the preview, creates the batch, downloads the links and opens one; and the page's three states fit a phone and a desktop.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed partial class BulkInvitesTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    /// <summary>Six people as German Excel saves them: UTF-8 with BOM, ';' between cells, a quoted cell holding ';', a column the portal does not use.</summary>
    private static readonly byte[] GermanExcel = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(
        "Name;User ID;E-Mail;Abteilung\r\n" +
        "Anna Müller;anna-mueller;anna@example.org;Vertrieb\r\n" +
        "\"Weber; Jonas\";jonas-weber;;Einkauf\r\n" +
        "Zoë Østergaard;all;zoe@example.org;\r\n" +
        "Ben Schmidt;anna-mueller;ben@example.org;\r\n" +
        "Clara Fischer;;clara@example.org;\r\n" +
        "Dieter Koch;dieter-koch;;\r\n")];

    private PortalFactory Portal => fixture.Portal;

    /// <summary>Signs a moderator in and follows the link on /invites to the bulk page.</summary>
    private static async Task<IPage> OpenAsModeratorAsync(IBrowserContext context, string moderator)
    {
        var page = (await GeneratorPage.SignInAsync(await context.NewPageAsync(), moderator)).Page;
        await page.GotoAsync("/invites");
        await page.WaitForCircuitAsync();
        await page.Locator("#invites-bulk-link").ClickAsync(); // the way staff find the page
        await page.WaitForURLAsync(url => url.EndsWith("/invites/bulk", StringComparison.Ordinal));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bulk invites");
        await page.WaitForCircuitAsync();
        return page;
    }

    /// <summary>Uploads the German-Excel file, fills in the batch's settings and checks the rows.</summary>
    private static async Task UploadAndCheckAsync(IPage page, string room)
    {
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "Schulung März.csv", MimeType = "text/csv", Buffer = GermanExcel });
        await Expect(page.Locator("#bulk-file-name")).ToHaveTextAsync("Schulung März.csv");
        await Expect(page.Locator("#bulk-ignored")).ToContainTextAsync("Abteilung");
        await page.Locator("#bulk-room-id").FillAsync(room);
        await page.Locator("#bulk-room-title").FillAsync("Schulung im März");
        await page.Locator("#bulk-days").FillAsync("14");
        await page.Locator("#bulk-max-uses").FillAsync("3");
        await page.Locator("#bulk-check").ClickAsync();
        await Expect(page.Locator("#bulk-preview-counts")).ToHaveTextAsync("3 of 6 rows are ready; 3 need fixing or skipping.");
    }

    /// <summary>The new batch's id, read from its QR-sheet link on the results.</summary>
    private static async Task<string> BatchIdAsync(IPage page) =>
        BatchId().Match(await page.Locator("#bulk-sheet").GetAttributeAsync("href") ?? "").Groups[1].Value;

    [GeneratedRegex(@"batches/(\d+)/sheet$")]
    private static partial Regex BatchId();

    [Fact]
    public async Task A_moderator_uploads_a_german_excel_file_fixes_and_skips_rows_creates_the_batch_and_opens_a_link()
    {
        await Portal.CreateStaffAsync("bulk-journey@example.test", StaffRoles.Moderator);
        await using var context = await browser.NewContextAsync(Portal, BrowserFixture.DesktopWidth);
        var page = await OpenAsModeratorAsync(context, "bulk-journey@example.test");

        // Pasted from a spreadsheet: tab-separated rows with their header line.
        await page.Locator("#bulk-paste").FillAsync("display name\tuser id\te-mail\nGrete Paste\tgrete-paste\tgrete@example.org\nHans Paste\t\t\n");
        await page.Locator("#bulk-read-paste").ClickAsync();
        await page.Locator("#bulk-room-id").FillAsync("paste-room");
        await page.Locator("#bulk-check").ClickAsync();
        await Expect(page.Locator("#bulk-preview-counts")).ToHaveTextAsync("2 of 2 rows are ready.");
        await Expect(page.Locator("#bulk-row-2")).ToContainTextAsync("grete-paste");
        await Expect(page.Locator("#bulk-row-3")).ToContainTextAsync("(generated)");

        await UploadAndCheckAsync(page, "schulung-maerz");
        await Expect(page.Locator("#bulk-row-3")).ToContainTextAsync("Weber; Jonas");
        // Each problem sits under its own cell, tied to its input for screen readers.
        await Expect(page.Locator("#bulk-error-4-UserId")).ToContainTextAsync("User ID all has a special meaning");
        await Expect(page.Locator("#bulk-cell-4-UserId")).ToHaveAttributeAsync("aria-describedby", "bulk-error-4-UserId");
        await Expect(page.Locator("#bulk-error-2-UserId")).ToContainTextAsync("appears more than once in this file (rows 2, 5)");
        await Expect(page.Locator("#bulk-error-5-UserId")).ToContainTextAsync("appears more than once in this file (rows 2, 5)");

        await page.Locator("#bulk-cell-4-UserId").FillAsync("zoe-ostergaard");
        await page.Locator("#bulk-cell-4-UserId").PressAsync("Tab");
        await Expect(page.Locator("#bulk-preview-counts")).ToHaveTextAsync("4 of 6 rows are ready; 2 need fixing or skipping.");
        await page.Locator("#bulk-skip-5").ClickAsync();
        await Expect(page.Locator("#bulk-preview-counts")).ToHaveTextAsync("5 of 5 rows are ready; 1 skipped.");
        await Expect(page.Locator("#bulk-row-5")).ToContainTextAsync("Skipped");

        await page.Locator("#bulk-create").ClickAsync();
        await Expect(page.Locator("#bulk-confirm")).ToContainTextAsync("Create 5 invites for room Schulung im März (schulung-maerz)? 1 skipped rows get none.");
        await page.Locator("#bulk-confirm-create").ClickAsync();
        await Expect(page.Locator("#bulk-results-summary")).ToContainTextAsync("Created 5 invites in batch “Schulung März” for room Schulung im März (schulung-maerz).");
        await Expect(page.Locator("#bulk-results-once")).ToContainTextAsync("The links are shown once here");
        var links = page.Locator("#bulk-results-list .bulk-result-link");
        await Expect(links).ToHaveCountAsync(5);
        var urls = await links.AllInnerTextsAsync();
        Assert.All(urls, url => Assert.Matches($"^{Regex.Escape(Portal.BaseUrl)}/j/[A-Za-z0-9_-]{{22}}$", url));
        Assert.Equal(5, urls.Distinct().Count());
        await Expect(page.Locator("#bulk-results-list")).Not.ToContainTextAsync("Ben Schmidt");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#bulk-download").ClickAsync());
        Assert.Matches(@"^invite-batch-\d+-\d{8}-\d{4}\.csv$", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', InviteBatchHosting.CsvColumns), lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.Contains(lines, line => line.Contains($",Anna Müller,anna-mueller,anna@example.org,{urls[0]},", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($",\"Weber; Jonas\",jonas-weber,,{urls[1]},", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($",Zoë Østergaard,zoe-ostergaard,zoe@example.org,{urls[2]},", StringComparison.Ordinal));
        Assert.All(urls, url => Assert.Single(lines, line => line.Contains("," + url + ",", StringComparison.Ordinal)));
        var batchId = await BatchIdAsync(page);

        // Every link opens the landing page with a Join button (nothing consumed by looking); one is joined.
        var visitor = await context.NewPageAsync();
        foreach (var url in urls)
        {
            Assert.Equal(200, (await visitor.GotoAsync(url))!.Status);
            await Expect(visitor.Locator("#join")).ToBeVisibleAsync();
        }
        await visitor.GotoAsync(urls[2]);
        await Expect(visitor.Locator("#invite-for")).ToHaveTextAsync("Invitation for Zoë Østergaard");
        await visitor.Locator("#join").ClickAsync();
        await Expect(visitor.Locator("#join-name")).ToHaveTextAsync("Zoë Østergaard");
        await Expect(visitor.Locator("#join-room-id")).ToHaveTextAsync("schulung-maerz");

        await page.Locator("#bulk-back").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/invites", StringComparison.Ordinal));
        await Expect(page.Locator($"#batch-{batchId}")).ToContainTextAsync("Schulung März");
        await Expect(page.Locator($"#batch-counts-{batchId}")).ToHaveTextAsync("5 invites: 5 active");
    }

    [Fact]
    public async Task The_input_preview_and_results_fit_a_phone_and_a_desktop_with_every_field_labelled()
    {
        await Portal.CreateStaffAsync("bulk-fit@example.test", StaffRoles.Moderator);
        foreach (var width in new[] { BrowserFixture.PhoneWidth, BrowserFixture.DesktopWidth })
        {
            await using var context = await browser.NewContextAsync(Portal, width);
            var page = await OpenAsModeratorAsync(context, "bulk-fit@example.test");
            await CheckStateAsync(page, $"14-bulk-input-{width}px", $"the bulk page's input at {width} px");

            await UploadAndCheckAsync(page, $"fit-room-{width}");
            await CheckStateAsync(page, $"14-bulk-preview-{width}px", $"the bulk preview with errors at {width} px");

            await page.Locator("#bulk-skip-4").ClickAsync();
            await page.Locator("#bulk-skip-5").ClickAsync();
            await Expect(page.Locator("#bulk-preview-counts")).ToHaveTextAsync("4 of 4 rows are ready; 2 skipped.");
            await page.Locator("#bulk-create").ClickAsync();
            await page.Locator("#bulk-confirm-create").ClickAsync();
            await Expect(page.Locator("#bulk-results-list .bulk-result-link")).ToHaveCountAsync(4);
            await CheckStateAsync(page, $"14-bulk-results-{width}px", $"the bulk results at {width} px");
        }
    }

    private static async Task CheckStateAsync(IPage page, string screenshot, string where)
    {
        await page.AssertFitsWidthAsync(where);
        await page.AssertAccessibleAsync(where);
        await page.SaveEvidenceAsync(screenshot);
    }
}
