// Clipboard with a result, so the page can say whether the copy worked (MudBlazor's own helper does not report failures).
window.adminPortal = {
    copyText: async (text) => {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            return false;
        }
    },
};
