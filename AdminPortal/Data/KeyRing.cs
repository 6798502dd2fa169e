using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace AdminPortal.Data;

/// <summary>
/// Where the data-protection key ring lives (it signs cookies and antiforgery tokens and seals invite codes): on PostgreSQL in the
/// database, so every instance reads the same keys; on SQLite in the <c>keys/</c> folder beside the database, where existing installs
/// keep theirs. <c>DataProtection:KeysDirectory</c> chooses a folder for either provider; <c>DataProtection:CertificatePath</c>
/// (a .pfx, with <c>DataProtection:CertificatePassword</c>) encrypts the keys at rest.
/// </summary>
internal static class KeyRing
{
    public static IServiceCollection AddPortalKeyRing(this IServiceCollection services, IConfiguration configuration, string dataDirectory,
        string contentRoot)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("AdminPortal");
        var directory = configuration["DataProtection:KeysDirectory"];
        if (!string.IsNullOrWhiteSpace(directory))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(contentRoot, directory)));
        }
        else if (DatabaseProviders.Find(configuration["Database:Provider"]) == DatabaseProviders.PostgreSql)
        {
            dataProtection.PersistKeysToDbContext<ApplicationDbContext>();
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        }

        var certificate = configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificate))
        {
            var path = Path.Combine(contentRoot, certificate);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"DataProtection:CertificatePath names {path}, which does not exist: give the path of a .pfx file.");
            }
            dataProtection.ProtectKeysWithCertificate(
                X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]));
        }
        return services;
    }
}
