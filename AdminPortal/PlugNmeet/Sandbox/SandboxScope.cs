using AdminPortal.Data;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>
/// The sandbox keeps its rooms in one process's memory. On PostgreSQL several instances may share the database, and each would
/// have its own rooms, so the portal says so (it still works for one instance).
/// </summary>
internal static class SandboxScope
{
    public const string PerInstanceWarning =
        "The sandbox keeps rooms in memory per instance: several instances need a real plugNmeet server (plugNmeet settings, or PlugNmeet:ServerUrl)";

    /// <summary>True when the sandbox serves the links and the database is one several instances can share.</summary>
    public static bool IsPerInstanceOnSharedDatabase(PlugNmeetConnection connection, IConfiguration configuration) =>
        connection.UsesSandbox && DatabaseProviders.Find(configuration["Database:Provider"]) == DatabaseProviders.PostgreSql;
}
