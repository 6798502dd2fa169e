using MudBlazor;

namespace AdminPortal.Components.Layout;

internal static class PortalTheme
{
    // System fonts only: the portal must work offline, so no web-font download.
    private static readonly string[] FontStack = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            AppbarBackground = "#163f6e",
            Secondary = "#6a3d9a",
            // White snackbar text and red field messages need these darker mains for WCAG AA (4.5:1); MudBlazor's defaults reach 2.2-3.7.
            Info = "#0b6bcb",
            Success = "#256b29",
            Error = "#d32f2f",
            // Text-variant alerts write in the "darken" shade on a 6 % tint; MudBlazor's computed shades fall below WCAG AA (4.5:1) there.
            InfoDarken = "#0b5cad",
            SuccessDarken = "#1b6e2a",
            WarningDarken = "#8a4b00",
            ErrorDarken = "#b3261e",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
            H1 = new H1Typography { FontFamily = FontStack },
            H2 = new H2Typography { FontFamily = FontStack },
            H3 = new H3Typography { FontFamily = FontStack },
            H4 = new H4Typography { FontFamily = FontStack },
            H5 = new H5Typography { FontFamily = FontStack },
            H6 = new H6Typography { FontFamily = FontStack },
            Button = new ButtonTypography { FontFamily = FontStack },
            Body1 = new Body1Typography { FontFamily = FontStack },
            Body2 = new Body2Typography { FontFamily = FontStack },
            Caption = new CaptionTypography { FontFamily = FontStack },
            Subtitle1 = new Subtitle1Typography { FontFamily = FontStack },
            Subtitle2 = new Subtitle2Typography { FontFamily = FontStack },
        },
    };
}
