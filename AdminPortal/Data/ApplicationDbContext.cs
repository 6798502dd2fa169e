using System.Text.Json;
using AdminPortal.Audit;
using AdminPortal.Presets;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminPortal.Data;

public class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<SandboxCredential> SandboxCredentials => Set<SandboxCredential>();
    public DbSet<Preset> Presets => Set<Preset>();
    public DbSet<RoleSetting> RoleSettings => Set<RoleSetting>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Preset>(preset =>
        {
            preset.HasIndex(p => p.Name).IsUnique();
            preset.Property(p => p.Locks).HasConversion(JsonConverter<List<string>>(), JsonComparer<List<string>>());
            preset.Property(p => p.Roles).HasConversion(JsonConverter<List<string>>(), JsonComparer<List<string>>());
            preset.Property(p => p.Design).HasConversion(JsonConverter<Dictionary<string, string>>(), JsonComparer<Dictionary<string, string>>());
        });
        builder.Entity<RoleSetting>().HasKey(r => r.Role);
        builder.Entity<AuditEntry>(audit =>
        {
            // SQLite cannot order by DateTimeOffset; store UTC ticks so the audit page can sort and filter in the database.
            audit.Property(a => a.TimeUtc).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            audit.Property(a => a.TokenExpiresAt).HasConversion(v => v.HasValue ? v.Value.UtcTicks : (long?)null,
                v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);
            audit.HasIndex(a => a.TimeUtc);
        });
    }

    private static ValueConverter<T, string> JsonConverter<T>() where T : new() => new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        v => JsonSerializer.Deserialize<T>(v, (JsonSerializerOptions?)null) ?? new T());

    private static ValueComparer<T> JsonComparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == JsonSerializer.Serialize(b, (JsonSerializerOptions?)null),
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null).GetHashCode(),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, (JsonSerializerOptions?)null), (JsonSerializerOptions?)null)!);
}
