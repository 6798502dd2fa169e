namespace AdminPortal.Hosting;

/// <summary>
/// <c>--migrate-only</c>: for operators who migrate as a separate deployment step, the portal prepares the database (migrations
/// and seeding, as at every start) and exits without starting the web server.
/// </summary>
internal static class MigrateOnly
{
    public const string Switch = "--migrate-only";

    public static bool IsRequested(string[] args) => args.Contains(Switch, StringComparer.OrdinalIgnoreCase);

    /// <summary>Logs that the portal stops here, flushes the log and returns the exit code 0.</summary>
    public static async Task<int> ExitAfterMigrationAsync(this WebApplication app)
    {
        app.Logger.LogInformation("{Switch}: the database is migrated and seeded; exiting without starting the web server", Switch);
        await app.DisposeAsync(); // flushes the console log before the process ends
        return 0;
    }
}
