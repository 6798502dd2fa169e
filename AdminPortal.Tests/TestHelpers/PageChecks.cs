using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>Checks every journey makes on the pages it passes: accessibility (axe-core), fit to the viewport, visible focus, evidence.</summary>
public static class PageChecks
{
    /// <summary>Where screenshots go: <c>artifacts/</c> under the test output folder.</summary>
    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    /// <summary>Waits until the Blazor Server circuit is live: prerendered buttons are visible earlier but do nothing when clicked.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("#circuit-ready[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    private static readonly ConditionalWeakTable<IBrowserContext, ConcurrentQueue<string>> CspViolations = [];

    /// <summary>Records every Content-Security-Policy violation in the context's pages (console "Refused to …" and the DOM event).</summary>
    public static async Task WatchContentSecurityPolicyAsync(this IBrowserContext context)
    {
        var violations = CspViolations.GetValue(context, _ => new ConcurrentQueue<string>());
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
            """);
        context.Console += (_, message) =>
        {
            if (message.Text.StartsWith("Refused to", StringComparison.Ordinal) || message.Text.StartsWith("CSP violation:", StringComparison.Ordinal))
            {
                violations.Enqueue($"{message.Page?.Url}: {message.Text}");
            }
        };
    }

    /// <summary>No Content-Security-Policy violation so far in any page of this page's context.</summary>
    public static void AssertNoCspViolations(this IPage page, string where)
    {
        var violations = CspViolations.TryGetValue(page.Context, out var seen) ? seen.ToList() : [];
        Assert.True(violations.Count == 0, $"Content-Security-Policy violations up to {where}:\n  {string.Join("\n  ", violations)}");
    }

    /// <summary>No serious or critical axe-core violation (and no CSP violation) on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string where)
    {
        page.AssertNoCspViolations(where);
        await StopMotionAsync(page);
        var result = await page.RunAxe();
        var problems = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help}\n" + string.Join("\n", v.Nodes.Select(n => $"    {n.Target}: {n.Html}\n      {string.Join("; ", n.Any.Select(c => c.Message))}")))
            .ToList();
        Assert.True(problems.Count == 0, $"axe-core on {where} ({page.Url}):\n{string.Join("\n", problems)}");
    }

    /// <summary>
    /// Ends CSS animations and transitions at once on this page, so axe measures colours at rest, not a snackbar halfway through
    /// its fade (which reads as low contrast).
    /// </summary>
    private static Task StopMotionAsync(IPage page) => page.EvaluateAsync("""
        async () => {
            if (!document.getElementById('test-no-motion')) {
                const style = document.createElement('style');
                style.id = 'test-no-motion';
                style.textContent = '*, *::before, *::after { animation-duration: 0s !important; animation-delay: 0s !important; '
                    + 'transition-duration: 0s !important; transition-delay: 0s !important; }';
                document.head.append(style);
            }
            const finite = document.getAnimations().filter(a => Number.isFinite(a.effect?.getComputedTiming().endTime));
            await Promise.all(finite.map(a => a.finished.catch(() => null)));
        }
        """);

    /// <summary>
    /// No horizontal scrolling, and nothing the user should see (text, images, form controls) sticking out of the viewport or cut
    /// off by a container that hides or scrolls its overflow. Decorative boxes without content, such as button ripples, are not checked.
    /// </summary>
    public static async Task AssertFitsWidthAsync(this IPage page, string where)
    {
        var fit = await page.EvaluateAsync<JsonElement>("""
            () => {
                const root = document.documentElement;
                const width = root.clientWidth;
                const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].slice(0, 3).map(c => '.' + c).join('');
                const hasOwnText = el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
                const problems = [];
                for (const el of document.body.querySelectorAll('*')) {
                    if (!hasOwnText(el) && !el.matches('img, svg, input, textarea, select, button, canvas, video, iframe')) continue;
                    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
                    const box = el.getBoundingClientRect();
                    if (box.width === 0 || box.height === 0) continue;
                    if (box.left < -1 || box.right > width + 1) {
                        problems.push(`${name(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} of the viewport's 0..${width}`);
                        continue;
                    }
                    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                        const overflow = getComputedStyle(a).overflowX;
                        if (overflow === 'visible') continue;
                        const frame = a.getBoundingClientRect();
                        if (box.left < frame.left - 1 || box.right > frame.right + 1) {
                            problems.push(`${name(el)} is cut off by ${name(a)} (overflow-x: ${overflow})`);
                            break;
                        }
                    }
                }
                return { scrollWidth: root.scrollWidth, clientWidth: width, problems: problems.slice(0, 12) };
            }
            """);
        var scrollWidth = fit.GetProperty("scrollWidth").GetInt32();
        var clientWidth = fit.GetProperty("clientWidth").GetInt32();
        var problems = fit.GetProperty("problems").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.True(scrollWidth <= clientWidth && problems.Count == 0,
            $"{where} at {clientWidth} px: scrollWidth {scrollWidth}, clientWidth {clientWidth}\n  {string.Join("\n  ", problems)}");
    }

    /// <summary>
    /// The focused element matches <c>:focus-visible</c> and shows a ring: a visible outline of at least 2 px on it or on the box
    /// drawn as its control (a MudBlazor field's <c>.mud-input-control</c>, or the label of a switch, whose real checkbox is invisible).
    /// </summary>
    public static async Task<string> AssertFocusVisibleAsync(this IPage page)
    {
        var focus = await page.EvaluateAsync<JsonElement>("""
            () => {
                const el = document.activeElement;
                if (!el || el === document.body) return { name: 'body', ring: false };
                const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.getAttribute('aria-label') ? `[${el.getAttribute('aria-label')}]` : '');
                const hasRing = e => {
                    const s = getComputedStyle(e);
                    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor !== 'rgba(0, 0, 0, 0)'
                        && e.checkVisibility({ opacityProperty: true, visibilityProperty: true });
                };
                const label = el.closest('label');
                const candidates = [el, el.closest('.mud-input-control'), label, ...(label?.querySelectorAll('*') ?? [])].filter(e => e);
                return { name, ring: el.matches(':focus-visible') && candidates.some(hasRing) };
            }
            """);
        var name = focus.GetProperty("name").GetString()!;
        Assert.True(focus.GetProperty("ring").GetBoolean(), $"Keyboard focus on {name} is not visible.");
        return name;
    }

    /// <summary>Saves a full-page screenshot of the journey's final state as evidence.</summary>
    public static async Task SaveEvidenceAsync(this IPage page, string name)
    {
        var path = Path.Combine(ArtifactsDirectory, name + ".png");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)"); // fixed bars (app bar, snackbars) are drawn where the viewport is
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 0, $"The screenshot {path} is empty.");
    }
}
