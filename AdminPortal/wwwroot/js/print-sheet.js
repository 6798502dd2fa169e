// The QR sheet's Print button (the page's policy allows scripts from files only, not inline handlers).
document.getElementById("print-sheet")?.addEventListener("click", () => window.print());
