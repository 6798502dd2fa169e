// The viewer's IANA time zone (e.g. "America/New_York"), read once per circuit by BrowserTimeZone.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
