using System.Text;
using AdminPortal.PlugNmeet;

namespace AdminPortal.Tests.PlugNmeet;

public class PlugNmeetSignatureTests
{
    private const string Secret = "test-secret";

    // Vectors from the wire contract §2 (computed with Node's createHmac and cross-checked with openssl).
    [Theory]
    [InlineData("{}", "2f59040b63b7200598444239da2c9a4f3abc5c434259b23126d72514dab8cd09")]
    [InlineData("""{"room_id":"room01"}""", "8770a8331e778c82ac42ecb70313bc26d703701d186fe1a445649069b789c841")]
    [InlineData("", "a41bc6d81d6413576ae0994995e0ad89a416ec97389515c3604f47722122eeeb")]
    [InlineData("""{"room_id":"room01","user_info":{"name":"Alice","user_id":"u1","is_admin":true,"is_hidden":false,"user_metadata":{"preferred_lang":"en-US","lock_settings":{"lock_webcam":false}}}}""",
        "9e3c8f2be83da19f259575e4e8569c1a1346bc162b7a681909e8f8554adaaa54")]
    [InlineData("""{"room_id":"room01","metadata":{"room_title":"Test","room_features":{}}}""",
        "4866406f295b18c2de48821a397849f792f3d4cab0a2e60d67c2e353cf6f9eee")]
    public void Matches_the_contract_vectors(string body, string expected)
    {
        Assert.Equal(expected, PlugNmeetSignature.Compute(Encoding.UTF8.GetBytes(body), Secret));
    }

    [Fact]
    public void Verify_accepts_the_lowercase_signature_and_rejects_uppercase_or_another_secret()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var signature = PlugNmeetSignature.Compute(body, Secret);

        Assert.True(PlugNmeetSignature.Verify(body, Secret, signature));
        Assert.False(PlugNmeetSignature.Verify(body, Secret, signature.ToUpperInvariant()));
        Assert.False(PlugNmeetSignature.Verify(body, "other-secret", signature));
        Assert.False(PlugNmeetSignature.Verify(body, Secret, null));
    }
}
