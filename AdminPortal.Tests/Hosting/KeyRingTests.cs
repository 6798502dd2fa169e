using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Hosting;

/// <summary>Issue 9: the key ring's folder and its protection at rest are the operator's choice.</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task A_configured_keys_directory_holds_the_keys_encrypted_with_the_configured_certificate()
    {
        var directory = Directory.CreateTempSubdirectory("adminportal-keyring-");
        try
        {
            var keys = Path.Combine(directory.FullName, "ring");
            var pfx = Path.Combine(directory.FullName, "keys.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=AdminPortal keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password-7"));
            }
            await using var portal = new PortalFactory
            {
                Settings =
                {
                    ["DataProtection:KeysDirectory"] = keys,
                    ["DataProtection:CertificatePath"] = pfx,
                    ["DataProtection:CertificatePassword"] = "pfx-password-7",
                },
            };
            await portal.CreateAdministratorAsync();
            using var http = new PortalHttp(portal);

            Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync()).StatusCode);
            Assert.Contains("Join link generator", await (await http.GetAsync("")).Content.ReadAsStringAsync());

            var key = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(keys, "key-*.xml")));
            Assert.Contains("EncryptedXmlDecryptor", key);
            Assert.Contains("<X509Certificate>", key);
            Assert.DoesNotContain("unencrypted form", key);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_certificate_path_that_does_not_exist_stops_the_start_saying_so()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"adminportal-missing-{Guid.NewGuid():N}.pfx");
        await using var portal = new PortalFactory { Settings = { ["DataProtection:CertificatePath"] = missing } };

        var failure = Assert.Throws<InvalidOperationException>(() => portal.BaseUrl);

        Assert.Contains($"DataProtection:CertificatePath names {missing}, which does not exist", failure.Message);
    }
}
