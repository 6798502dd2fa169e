using AdminPortal.Data;

namespace AdminPortal.Limits;

/// <summary>Chooses where rate-limit counters live: the shared database on PostgreSQL (several instances), memory on SQLite (one).</summary>
public static class RateCounting
{
    public const int MaxKeyLength = 300;

    public static IServiceCollection AddRateCounting(this IServiceCollection services, IConfiguration configuration)
    {
        if (DatabaseProviders.Find(configuration["Database:Provider"]) == DatabaseProviders.PostgreSql)
        {
            services.AddSingleton<IRateCounter, DatabaseRateCounter>();
        }
        else
        {
            services.AddSingleton<IRateCounter, MemoryRateCounter>();
        }
        return services;
    }
}
