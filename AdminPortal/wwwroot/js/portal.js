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
    // Brings a freshly shown result into view (on a phone it sits below the whole form); smooth unless the user asked for less motion.
    scrollIntoView: (id) => {
        const element = document.getElementById(id);
        if (element) {
            const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
            element.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
        }
    },
};
