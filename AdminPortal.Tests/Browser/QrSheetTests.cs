using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AdminPortal.Components.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.Tests.Invites.Batches;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Browser;

/// <summary>
/// Issue 14's printable QR sheet: every card's QR code read back by zbarimg from a screenshot of the card, the sheet printed by
/// Chromium on A4 with whole cards per page (and read back again from the rasterised PDF), and the batch on /invites at 390 and 1440 px.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed partial class QrSheetTests(BrowserFixture browser, PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private const int Cards = 10;

    private PortalFactory Portal => fixture.Portal;

    private async Task<SeededBatch> SeedAsync(string name) => await InviteBatchSeed.CreateAsync(Portal.Services, await Portal.ActorAsync(), Cards,
        Portal.Clock.GetUtcNow(), name, roomTitle: "Year 9 parents' evening in the main hall",
        displayName: row => row == 3 ? "Alexandra Konstantinopoulou-Whitfield" : $"Pupil {row}");

    private string UrlOf(SeededBatch seeded, int row) => $"{Portal.BaseUrl}/j/{seeded.Members[row - 1].Code}";

    [Fact]
    public async Task Every_card_of_the_sheet_scans_to_its_invite_and_the_sheet_prints_on_a4_with_whole_cards()
    {
        var seeded = await SeedAsync("Sheet batch");
        await using var context = await browser.NewContextAsync(Portal, BrowserFixture.DesktopWidth, timeZone: "Europe/Berlin");
        var page = (await GeneratorPage.SignInAsync(await context.NewPageAsync())).Page;
        await page.GotoAsync(InviteBatchHosting.SheetPath(seeded.Batch.Id));

        var cards = page.Locator(".sheet-card");
        await Expect(cards).ToHaveCountAsync(Cards);
        // Validity in the viewer's own zone, named; the UTC text stays as the title.
        await Expect(page.Locator(".sheet-card time").First).ToHaveTextAsync(new Regex(@"^\d{1,2} \w+ \d{4}, \d{2}:\d{2} (CET|CEST|GMT\+[12])$"));
        for (var row = 1; row <= Cards; row++)
        {
            var card = page.Locator($"#card-{row}");
            Assert.Equal(UrlOf(seeded, row), await card.GetAttributeAsync("data-url"));
            await Expect(card.Locator(".card-url")).ToHaveTextAsync(UrlOf(seeded, row));
            var path = Path.Combine(PageChecks.ArtifactsDirectory, $"14-sheet-card-{row}.png");
            await card.ScreenshotAsync(new() { Path = path });
            Assert.Equal([UrlOf(seeded, row)], await QrCodeReader.DecodeFileAsync(path));
        }
        await page.AssertAccessibleAsync("the QR sheet");
        await page.SaveEvidenceAsync("14-qr-sheet-1440px");

        var pdf = Path.Combine(PageChecks.ArtifactsDirectory, "14-qr-sheet.pdf");
        await page.PdfAsync(new() { Path = pdf, PreferCSSPageSize = true, Format = "A4", PrintBackground = true });

        var boxes = MediaBoxes(await File.ReadAllBytesAsync(pdf));
        var pages = (Cards + InviteBatchSheet.CardsPerPage - 1) / InviteBatchSheet.CardsPerPage;
        Assert.Equal(pages, boxes.Count);
        Assert.All(boxes, box => Assert.True(Math.Abs(box.Width - 595.28) <= 1 && Math.Abs(box.Height - 841.89) <= 1,
            $"a page is {box.Width} × {box.Height} pt, not A4 (595 × 842 pt)"));

        // Printed, as a phone would see the paper: each page rasterised at 150 dpi holds exactly its cards' codes.
        var prefix = Path.Combine(PageChecks.ArtifactsDirectory, "14-qr-sheet-page");
        await RunAsync("pdftoppm", "-r", "150", "-png", pdf, prefix);
        for (var number = 1; number <= pages; number++)
        {
            var decoded = await QrCodeReader.DecodeFileAsync($"{prefix}-{number}.png");
            var expected = Enumerable.Range((number - 1) * InviteBatchSheet.CardsPerPage + 1, Math.Min(InviteBatchSheet.CardsPerPage, Cards - (number - 1) * InviteBatchSheet.CardsPerPage))
                .Select(row => UrlOf(seeded, row));
            Assert.Equal(expected.Order(), decoded.Order());
        }
    }

    [Fact]
    public async Task The_batch_is_a_group_on_the_invites_page_and_the_sheet_fits_a_phone()
    {
        var seeded = await SeedAsync("Parents' evening, Year 9 — letters for the whole year group");
        foreach (var width in new[] { BrowserFixture.PhoneWidth, BrowserFixture.DesktopWidth })
        {
            await using var context = await browser.NewContextAsync(Portal, width);
            var page = (await GeneratorPage.SignInAsync(await context.NewPageAsync())).Page;
            await page.GotoAsync("/invites");
            await page.WaitForCircuitAsync();

            var group = page.Locator($"#batch-{seeded.Batch.Id}");
            await Expect(group.Locator($"#batch-counts-{seeded.Batch.Id}")).ToHaveTextAsync($"{Cards} invites: {Cards} active");
            await group.Locator($"#batch-filter-{seeded.Batch.Id}").ClickAsync();
            await Expect(page.Locator("#invites-count")).ToHaveTextAsync($"{Cards} invites in this batch");
            await page.AssertFitsWidthAsync($"the invites page with a batch at {width} px");
            await page.AssertAccessibleAsync($"the invites page with a batch at {width} px");
            await page.SaveEvidenceAsync($"14-invites-batch-{width}px");

            var sheet = await context.RunAndWaitForPageAsync(() => group.Locator($"#batch-sheet-{seeded.Batch.Id}").ClickAsync());
            await Expect(sheet.Locator(".sheet-card")).ToHaveCountAsync(Cards);
            await sheet.AssertFitsWidthAsync($"the QR sheet at {width} px");
            await sheet.SaveEvidenceAsync($"14-qr-sheet-screen-{width}px");
            await Expect(sheet.Locator("#sheet-back")).ToHaveAttributeAsync("href", $"invites?batch={seeded.Batch.Id}");
        }
    }

    /// <summary>The MediaBox of every page of a PDF written by Chromium (its page objects are not compressed).</summary>
    private static List<(double Width, double Height)> MediaBoxes(byte[] pdf) =>
        [.. MediaBox().Matches(Encoding.Latin1.GetString(pdf)).Select(m =>
            (Number(m.Groups[3].Value) - Number(m.Groups[1].Value), Number(m.Groups[4].Value) - Number(m.Groups[2].Value)))];

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]")]
    private static partial Regex MediaBox();

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed (exit {process.ExitCode}): {await errors}");
    }
}
