using AdminPortal.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data;

/// <summary>
/// <c>Database:Provider</c> chooses where the portal keeps its data: an embedded SQLite file (the default, nothing to configure)
/// or a PostgreSQL server shared by several instances. Each provider has its own migrations.
/// </summary>
public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";
    /// <summary>A private cache per connection: SQLite's shared-cache mode is discouraged by its own documentation and turns waits into table-lock errors.</summary>
    public const string DefaultConnectionString = "DataSource=Data/adminportal.db";

    /// <summary>The configured provider's name as written here, or null when it is none of the known ones.</summary>
    public static string? Find(string? configured) => string.IsNullOrWhiteSpace(configured) ? Sqlite
        : new[] { Sqlite, PostgreSql }.FirstOrDefault(known => known.Equals(configured.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Registers <see cref="ApplicationDbContext"/> (scoped and as a factory) on the configured provider; returns the folder that
    /// holds the data-protection keys. Throws with a plain message when the provider or its connection string is wrong.
    /// </summary>
    public static string AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["Database:Provider"];
        var connectionString = configuration.GetConnectionString("DefaultConnection");
        switch (Find(configured))
        {
            case Sqlite:
                connectionString = DatabaseAvailability.WithShortBusyTimeout(SqliteUnderContentRoot(connectionString ?? DefaultConnectionString, contentRoot));
                // Pooled: every invite open and page uses a context or two, and setting one up from scratch costs more than the query.
                // The factory serves interactive components and services; the scoped context is for the Identity pages.
                var busyTimeout = SqliteBusyTimeout.For(connectionString);
                services.AddPooledDbContextFactory<ApplicationDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(busyTimeout));
                services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext());
                return SqliteDirectory(connectionString, contentRoot);
            case PostgreSql when !string.IsNullOrWhiteSpace(connectionString):
                services.AddPooledDbContextFactory<PostgreSqlDbContext>(options => options.UseNpgsql(connectionString));
                services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PostgreSqlDbContext>>().CreateDbContext());
                // Everything else asks for the provider-neutral context.
                services.AddSingleton<IDbContextFactory<ApplicationDbContext>>(sp =>
                    new Upcast(sp.GetRequiredService<IDbContextFactory<PostgreSqlDbContext>>()));
                services.AddScoped<ApplicationDbContext>(sp => sp.GetRequiredService<PostgreSqlDbContext>());
                return Path.Combine(contentRoot, "Data");
            case PostgreSql:
                throw new InvalidOperationException(
                    "Database:Provider is PostgreSQL but ConnectionStrings:DefaultConnection is empty: set it, e.g. \"Host=db;Database=adminportal;Username=portal;Password=…\".");
            default:
                throw new InvalidOperationException(
                    $"Database:Provider \"{configured}\" is not known: use {Sqlite} (the default, an embedded file) or {PostgreSql}.");
        }
    }

    private sealed class Upcast(IDbContextFactory<PostgreSqlDbContext> inner) : IDbContextFactory<ApplicationDbContext>
    {
        public ApplicationDbContext CreateDbContext() => inner.CreateDbContext();
    }

    private static string SqliteDirectory(string connectionString, string contentRoot) =>
        new SqliteConnectionStringBuilder(connectionString).DataSource is { Length: > 0 } path && path != ":memory:" && Path.IsPathRooted(path)
            ? Path.GetDirectoryName(path)!
            : Path.Combine(contentRoot, "Data");

    /// <summary>A relative SQLite path is taken from the content root, not from wherever <c>dotnet run</c> was started.</summary>
    private static string SqliteUnderContentRoot(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && !Path.IsPathRooted(path) && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.Combine(contentRoot, path);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        return builder.ToString();
    }
}
