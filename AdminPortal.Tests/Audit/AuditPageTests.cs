using AdminPortal.Audit;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Audit;

public sealed class AuditPageTests : PortalBunitContext
{
    public AuditPageTests() : base(JSRuntimeMode.Loose) => AddStaff(StaffRoles.Administrator);

    [Fact]
    public async Task Huge_entries_render_cut_with_the_full_entry_on_demand()
    {
        var audit = Services.GetRequiredService<AuditLog>();
        var huge = new string('y', 4 * 1024 * 1024);
        for (var i = 0; i < 20; i++)
        {
            await audit.AppendAsync(new AuditEntry { Kind = AuditKinds.SignInFailed, Actor = huge, DisplayName = huge, Detail = huge, Reason = huge });
        }

        var page = RenderWithPopovers<AdminPortal.Components.Pages.Audit.AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(20, page.FindAll(".audit-cell").Count(c => c.TextContent.StartsWith("yyy", StringComparison.Ordinal)) / 4));

        // Bounded by the stored limits, not by what was typed: 20 rows of a few kilobytes, not 20 × 16 MB.
        Assert.True(page.Markup.Length < 500_000, $"the page is {page.Markup.Length} characters");
        Assert.All(page.FindAll(".audit-cell"), cell => Assert.True(cell.TextContent.Length <= AuditLimits.Detail));
        Assert.Empty(page.FindAll("dl.audit-detail"));

        page.FindAll("#audit-grid tbody button").First().Click();

        var detail = page.WaitForElement("dl.audit-detail");
        Assert.Contains("detail", detail.TextContent);
        Assert.Contains(new string('y', AuditLimits.Detail - 1) + "…", detail.TextContent);
    }
}
