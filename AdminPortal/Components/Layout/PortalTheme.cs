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
        // Dark: light tints of the same hues on near-black surfaces, with dark text on filled colours, so text and buttons keep WCAG AA (4.5:1).
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab8f5",
            PrimaryContrastText = "#0b1c33",
            Secondary = "#c9a7f0",
            SecondaryContrastText = "#1d0d33",
            Info = "#7cc4ff",
            InfoContrastText = "#00223d",
            Success = "#81c995",
            SuccessContrastText = "#0b2912",
            Warning = "#ffb74d",
            WarningContrastText = "#2b1700",
            Error = "#f28b82",
            ErrorContrastText = "#3b0906",
            Background = "#121417",
            Surface = "#1c1f24",
            AppbarBackground = "#0f2540",
            AppbarText = "#ffffff",
            DrawerBackground = "#1c1f24",
            DrawerText = "rgba(255,255,255,0.87)",
            DrawerIcon = "rgba(255,255,255,0.87)",
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.72)",
            ActionDefault = "rgba(255,255,255,0.72)",
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
