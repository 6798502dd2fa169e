namespace AdminPortal.JoinLinks;

public sealed record ClientLanguage(string Code, string Name);

/// <summary>The interface languages the plugNmeet client ships (its <c>src/helpers/languages.ts</c>).</summary>
public static class ClientLanguages
{
    public static readonly IReadOnlyList<ClientLanguage> All =
    [
        new("ar-SA", "Arabic"), new("bn-BD", "Bengali"), new("cs-CZ", "Czech"), new("da-DK", "Danish"),
        new("de-DE", "German"), new("el-GR", "Greek"), new("en", "English"), new("es-ES", "Spanish"),
        new("et-EE", "Estonian"), new("fa-IR", "Persian"), new("fr-FR", "French"), new("he-IL", "Hebrew"),
        new("hr-HR", "Croatian"), new("hu-HU", "Hungarian"), new("id-ID", "Indonesian"), new("it-IT", "Italian"),
        new("ja-JP", "Japanese"), new("ko-KR", "Korean"), new("lv-LV", "Latvian"), new("nl-NL", "Dutch"),
        new("no-NO", "Norwegian"), new("pl-PL", "Polish"), new("pt-PT", "Portuguese"), new("ro-RO", "Romanian"),
        new("ru-RU", "Russian"), new("sv-SE", "Swedish"), new("tr-TR", "Turkish"), new("uk-UA", "Ukrainian"),
        new("vi-VN", "Vietnamese"), new("zh-CN", "Chinese (simplified)"), new("zh-TW", "Chinese (traditional)"),
    ];
}
