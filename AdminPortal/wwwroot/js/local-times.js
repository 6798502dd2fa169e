// Public invite pages are rendered on the server without a live connection, so their times are written in UTC. Here each
// <time data-local> is shown in the visitor's own time zone, with the zone named, in the same shape as the UTC text
// ("25 November 2026, 11:15 GMT-5"); the UTC text stays available as the title.
const format = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
});

for (const element of document.querySelectorAll("time[data-local]")) {
    const moment = new Date(element.dateTime);
    if (!Number.isNaN(moment.getTime())) {
        const part = Object.fromEntries(format.formatToParts(moment).map(p => [p.type, p.value]));
        element.title = element.textContent;
        element.textContent = `${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute} ${part.timeZoneName}`;
    }
}
