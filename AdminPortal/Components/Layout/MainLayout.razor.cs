using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.JSInterop;
using MudBlazor;

namespace AdminPortal.Components.Layout;

public partial class MainLayout : IAsyncDisposable
{
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    /// <summary>The colour-scheme cookie as the first HTTP request carried it, handed from prerendering to the circuit (which has no request).</summary>
    [PersistentState] public string? ColorSchemeCookieValue { get; set; }

    private MudThemeProvider? _themeProvider;
    private IJSObjectReference? _colorSchemeModule;
    private ColorSchemeChoice _colorScheme = ColorSchemeChoice.Default;
    private bool _drawerOpen;

    /// <summary>
    /// Interactive pages and their prerendering, as opposed to the static Identity pages, which no circuit could change and whose
    /// own styles (app.css) are light only: those stay light and get a disclosure menu instead of the drawer.
    /// </summary>
    private bool CanBeInteractive => AssignedRenderMode is not null || RendererInfo.IsInteractive;

    private bool IsDark => CanBeInteractive && _colorScheme.IsDark;

    protected override void OnInitialized()
    {
        if (HttpContext is not null)
        {
            ColorSchemeCookieValue = HttpContext.Request.Cookies[ColorSchemeChoice.CookieName];
        }
        _colorScheme = ColorSchemeChoice.Parse(ColorSchemeCookieValue);
        Navigation.LocationChanged += CloseDrawer;
        PlugNmeet.SandboxModeChanged += OnSandboxModeChanged;
    }

    private void OnSandboxModeChanged() => _ = InvokeAsync(StateHasChanged);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive || _themeProvider is null)
        {
            return;
        }
        await _themeProvider.WatchSystemDarkModeAsync(OnSystemDarkModeChangedAsync);
        await OnSystemDarkModeChangedAsync(await _themeProvider.GetSystemDarkModeAsync());
    }

    private async Task OnSystemDarkModeChangedAsync(bool systemDark)
    {
        if (_colorScheme.SystemDark == systemDark)
        {
            return;
        }
        await SaveAsync(_colorScheme with { SystemDark = systemDark });
        StateHasChanged();
    }

    private Task ToggleDarkModeAsync() => SaveAsync(_colorScheme with { Override = !IsDark });

    /// <summary>Applies the choice and remembers it in this browser, so the next page load is prerendered in it.</summary>
    private async Task SaveAsync(ColorSchemeChoice choice)
    {
        _colorScheme = choice;
        try
        {
            _colorSchemeModule ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/color-scheme.js");
            await _colorSchemeModule.InvokeVoidAsync("save", ColorSchemeChoice.CookieName, choice.ToCookie());
        }
        catch (JSDisconnectedException)
        {
            // The page is gone; nothing to remember it for.
        }
    }

    private void CloseDrawer(object? sender, LocationChangedEventArgs e)
    {
        if (_drawerOpen)
        {
            _drawerOpen = false;
            _ = InvokeAsync(StateHasChanged);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Navigation.LocationChanged -= CloseDrawer;
        PlugNmeet.SandboxModeChanged -= OnSandboxModeChanged;
        if (_colorSchemeModule is not null)
        {
            try
            {
                await _colorSchemeModule.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
        GC.SuppressFinalize(this);
    }
}
