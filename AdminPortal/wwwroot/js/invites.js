// Invite helpers as a module (no inline script, so CSP script-src 'self' holds): the system share sheet.
export function canShare() {
    return typeof navigator.share === "function";
}

// "shared", "cancelled" (the sheet was closed) or "failed"; nothing is logged, because the text holds the invite URL.
export async function share(title, text) {
    try {
        await navigator.share({ title, text });
        return "shared";
    } catch (error) {
        return error && error.name === "AbortError" ? "cancelled" : "failed";
    }
}
