using System.Text.Json;
using AdminPortal.Audit;
using AdminPortal.Invites;
using AdminPortal.Limits;
using AdminPortal.Presets;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.PlugNmeet.Settings;
using AdminPortal.Rooms;
using AdminPortal.Rooms.Templates;
using AdminPortal.Setup;
using AdminPortal.Staff;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminPortal.Data;

/// <summary>The portal's database on SQLite (the default); <see cref="PostgreSqlDbContext"/> is the same model on PostgreSQL.</summary>
public class ApplicationDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public ApplicationDbContext(DbContextOptions<ApplicationDbContext> options) : base(options)
    {
    }

    /// <summary>For a provider's subclass, which has its own migrations.</summary>
    protected ApplicationDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<SandboxCredential> SandboxCredentials => Set<SandboxCredential>();
    public DbSet<Preset> Presets => Set<Preset>();
    public DbSet<RoleSetting> RoleSettings => Set<RoleSetting>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Invite> Invites => Set<Invite>();
    public DbSet<InviteSettings> InviteSettings => Set<InviteSettings>();
    public DbSet<InviteUseLease> InviteUseLeases => Set<InviteUseLease>();
    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();
    public DbSet<SetupCode> SetupCodes => Set<SetupCode>();
    public DbSet<RateWindow> RateWindows => Set<RateWindow>();
    public DbSet<PlugNmeetServerSettings> PlugNmeetServerSettings => Set<PlugNmeetServerSettings>();
    public DbSet<AdminPortal.Email.EmailServerSettings> EmailServerSettings => Set<AdminPortal.Email.EmailServerSettings>();
    public DbSet<RoomTemplate> RoomTemplates => Set<RoomTemplate>();
    public DbSet<PortalRoom> PortalRooms => Set<PortalRoom>();
    public DbSet<AdminPortal.Webhooks.WebhookEvent> WebhookEvents => Set<AdminPortal.Webhooks.WebhookEvent>();
    public DbSet<AdminPortal.Invites.Bulk.InviteBatch> InviteBatches => Set<AdminPortal.Invites.Bulk.InviteBatch>();
    public DbSet<AdminPortal.Email.InvitationTemplate> InvitationTemplates => Set<AdminPortal.Email.InvitationTemplate>();
    public DbSet<AdminPortal.Email.Outbox.OutboxMessage> OutboxMessages => Set<AdminPortal.Email.Outbox.OutboxMessage>();

    /// <summary>The data-protection key ring, shared by all instances on PostgreSQL (SQLite keeps it in the <c>keys/</c> folder).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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
        builder.Entity<RoomTemplate>(template =>
        {
            template.HasIndex(t => t.Name).IsUnique();
            template.Property(t => t.Settings).HasConversion(JsonConverter<RoomTemplateSettings>(), JsonComparer<RoomTemplateSettings>());
        });
        builder.Entity<AdminPortal.Webhooks.WebhookEvent>(webhook =>
        {
            webhook.HasIndex(w => w.EventId).IsUnique();
            webhook.HasIndex(w => new { w.RoomId, w.UserId });
            webhook.HasIndex(w => w.RoomSid); // one room session's attendance
            webhook.Property(w => w.EventId).HasMaxLength(AdminPortal.Webhooks.WebhookEvent.EventIdMaxLength);
        });
        builder.Entity<PortalRoom>(room =>
        {
            room.HasIndex(r => r.RoomId);
            room.HasIndex(r => r.Sid);
        });
        builder.Entity<AdminPortal.Email.EmailServerSettings>().Property(s => s.Security).HasConversion<string>().HasMaxLength(20);
        builder.Entity<AdminPortal.Invites.Bulk.InviteBatch>(batch =>
        {
            batch.HasIndex(b => b.CreatedByUserId);
            batch.Property(b => b.State).HasConversion<string>().HasMaxLength(20);
        });
        builder.Entity<AdminPortal.Email.Outbox.OutboxMessage>(message =>
        {
            message.HasIndex(m => new { m.State, m.NextAttemptAt }); // what is due
            message.HasIndex(m => m.InviteId); // an invite's delivery status
            message.HasIndex(m => m.BatchId);
            message.Property(m => m.State).HasConversion<string>().HasMaxLength(20);
            message.Property(m => m.Recipient).HasMaxLength(AdminPortal.Invites.Invite.EmailMaxLength);
            message.Property(m => m.RecipientName).HasMaxLength(200);
            message.Property(m => m.LeaseOwner).HasMaxLength(100);
            message.Property(m => m.QueuedBy).HasMaxLength(256);
            message.Property(m => m.MessageId).HasMaxLength(200);
        });
        builder.Entity<RoleSetting>().HasKey(r => r.Role);
        builder.Entity<AuditEntry>(audit =>
        {
            audit.HasIndex(a => a.TimeUtc);
            audit.HasIndex(a => a.RoomId); // the generator's "was this room id ever used" and attendance per room
            audit.HasIndex(a => a.InviteId); // an invite's uses, each matched to who joined
        });
        builder.Entity<Invite>(invite =>
        {
            invite.HasIndex(i => i.CodeHash).IsUnique();
            invite.HasIndex(i => i.CreatedByUserId);
            invite.HasIndex(i => i.BatchId);
            invite.Property(i => i.Kind).HasConversion<string>();
            invite.Property(i => i.Locks).HasConversion(JsonConverter<List<string>>(), JsonComparer<List<string>>());
            invite.Property(i => i.Design).HasConversion(JsonConverter<Dictionary<string, string>>(), JsonComparer<Dictionary<string, string>>());
        });
        builder.Entity<InviteUseLease>(lease =>
        {
            lease.HasIndex(l => l.InviteId);
            lease.HasIndex(l => l.ExpiresAt);
        });
        builder.Entity<StaffSession>(session =>
        {
            session.HasIndex(s => s.UserId);
        });
        builder.Entity<SetupCode>().HasKey(c => c.Hash);
        builder.Entity<RateWindow>(window =>
        {
            window.HasKey(w => w.Key);
            window.HasIndex(w => w.StartMs);
        });
        MapTimes(builder);
    }

    /// <summary>SQLite cannot compare or order DateTimeOffset values; UTC ticks let the database filter and sort by time.</summary>
    protected virtual void MapTimes(ModelBuilder builder)
    {
        builder.Entity<AuditEntry>(audit =>
        {
            audit.Property(a => a.TimeUtc).HasConversion(UtcTicks);
            audit.Property(a => a.TokenExpiresAt).HasConversion(NullableUtcTicks);
        });
        builder.Entity<Invite>(invite =>
        {
            invite.Property(i => i.ValidFrom).HasConversion(UtcTicks);
            invite.Property(i => i.ValidUntil).HasConversion(UtcTicks);
            invite.Property(i => i.CreatedAt).HasConversion(UtcTicks);
            invite.Property(i => i.LastUsedAt).HasConversion(NullableUtcTicks);
            invite.Property(i => i.RevokedAt).HasConversion(NullableUtcTicks);
            invite.Property(i => i.LastRefusalAt).HasConversion(NullableUtcTicks);
            invite.Property(i => i.StartsAt).HasConversion(NullableUtcTicks);
            invite.Property(i => i.EndsAt).HasConversion(NullableUtcTicks);
        });
        builder.Entity<InviteUseLease>(lease =>
        {
            lease.Property(l => l.ReservedAt).HasConversion(UtcTicks);
            lease.Property(l => l.ExpiresAt).HasConversion(UtcTicks);
        });
        builder.Entity<StaffSession>(session =>
        {
            session.Property(s => s.CreatedAt).HasConversion(UtcTicks);
            session.Property(s => s.EndedAt).HasConversion(NullableUtcTicks);
        });
        builder.Entity<SetupCode>().Property(c => c.CreatedAt).HasConversion(UtcTicks);
        builder.Entity<PlugNmeetServerSettings>(settings =>
        {
            settings.Property(s => s.SecretChangedAt).HasConversion(NullableUtcTicks);
            settings.Property(s => s.ChangedAt).HasConversion(UtcTicks);
        });
        builder.Entity<AdminPortal.Email.EmailServerSettings>(settings =>
        {
            settings.Property(s => s.PasswordChangedAt).HasConversion(NullableUtcTicks);
            settings.Property(s => s.ChangedAt).HasConversion(UtcTicks);
        });
        builder.Entity<RoomTemplate>().Property(t => t.ChangedAt).HasConversion(UtcTicks);
        builder.Entity<AdminPortal.Invites.Bulk.InviteBatch>(batch =>
        {
            batch.Property(b => b.ValidFrom).HasConversion(UtcTicks);
            batch.Property(b => b.ValidUntil).HasConversion(UtcTicks);
            batch.Property(b => b.StartsAt).HasConversion(NullableUtcTicks);
            batch.Property(b => b.EndsAt).HasConversion(NullableUtcTicks);
            batch.Property(b => b.CreatedAt).HasConversion(UtcTicks);
            batch.Property(b => b.FinishedAt).HasConversion(NullableUtcTicks);
        });
        builder.Entity<AdminPortal.Email.InvitationTemplate>().Property(t => t.ChangedAt).HasConversion(UtcTicks);
        builder.Entity<AdminPortal.Email.Outbox.OutboxMessage>(message =>
        {
            message.Property(m => m.NextAttemptAt).HasConversion(UtcTicks);
            message.Property(m => m.LeaseUntil).HasConversion(NullableUtcTicks);
            message.Property(m => m.QueuedAt).HasConversion(UtcTicks);
            message.Property(m => m.SentAt).HasConversion(NullableUtcTicks);
        });
        builder.Entity<PortalRoom>().Property(r => r.CreatedAt).HasConversion(UtcTicks);
        builder.Entity<AdminPortal.Webhooks.WebhookEvent>(webhook =>
        {
            webhook.Property(w => w.CreatedAt).HasConversion(NullableUtcTicks);
            webhook.Property(w => w.ParticipantJoinedAt).HasConversion(NullableUtcTicks);
            webhook.Property(w => w.ReceivedAt).HasConversion(UtcTicks);
        });
    }

    private static readonly ValueConverter<DateTimeOffset, long> UtcTicks = new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    private static readonly ValueConverter<DateTimeOffset?, long?> NullableUtcTicks = new(
        v => v.HasValue ? v.Value.UtcTicks : null, v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);

    private static ValueConverter<T, string> JsonConverter<T>() where T : new() => new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        v => JsonSerializer.Deserialize<T>(v, (JsonSerializerOptions?)null) ?? new T());

    private static ValueComparer<T> JsonComparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == JsonSerializer.Serialize(b, (JsonSerializerOptions?)null),
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null).GetHashCode(),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, (JsonSerializerOptions?)null), (JsonSerializerOptions?)null)!);
}
