// Remembers the light/dark choice for a year in this browser; a cookie, so the server can render the next page in it at once.
export function save(name, value) {
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax${secure}`;
}
