using System.Net;
using System.Text;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Invites;

/// <summary>Whatever arrives at <c>POST /j/{code}</c>, with or without a valid antiforgery token, never gets a 5xx and uses nothing.</summary>
public sealed class InviteJoinFuzzTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new() { Settings = { ["Invites:OpensPerMinute"] = "1000" } };
    private readonly InviteVisitor _visitor = new();

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync()
    {
        _visitor.Dispose();
        await _portal.DisposeAsync();
    }

    private static IEnumerable<(string What, Func<HttpContent?> Body)> Bodies()
    {
        static HttpContent Raw(string body, string contentType)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return content;
        }
        yield return ("JSON", () => Raw("""{"name":"Ann"}""", "application/json"));
        yield return ("no body", () => null);
        yield return ("empty form", () => Raw("", "application/x-www-form-urlencoded"));
        yield return ("multipart garbage", () => Raw("garbage\r\n--xyz\r\nnot a part", "multipart/form-data; boundary=xyz"));
        yield return ("multipart without boundary", () => Raw("--\r\n", "multipart/form-data"));
        yield return ("multipart, no end", () => Raw("--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAnn", "multipart/form-data; boundary=xyz"));
        yield return ("1,100 form fields", () => Raw(string.Join('&', Enumerable.Range(0, 1100).Select(i => $"f{i}=1")), "application/x-www-form-urlencoded"));
        yield return ("bad percent escapes", () => Raw("%ZZ=%&%%=&name%=x", "application/x-www-form-urlencoded"));
        yield return ("unknown charset", () => Raw("name=", "application/x-www-form-urlencoded; charset=no-such-charset"));
        yield return ("text/plain", () => Raw("name=Ann", "text/plain"));
        yield return ("XML", () => Raw("<name>Ann</name>", "application/xml"));
        yield return ("no content type", () => new ByteArrayContent("name=Ann"u8.ToArray()));
        yield return ("binary", () => Raw("\0\u00ff\u00fe\u0001", "application/octet-stream"));
    }

    [Fact]
    public async Task Bodies_that_are_not_the_landing_page_form_get_a_4xx_never_a_5xx()
    {
        var now = _portal.Clock.GetUtcNow();
        string url;
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(
                new JoinLinkForm { RoomId = "fuzz-room" }, new InviteTerms(InviteKind.Open, now, now.AddDays(3), 1),
                await _portal.ActorAsync(), new Uri(_portal.BaseUrl + "/"));
            url = outcome.Url!;
        }
        var token = await _visitor.FormTokenAsync(url);
        var answers = new List<string>();

        foreach (var (what, body) in Bodies())
        {
            foreach (var header in new[] { token, null, "CfDJ8-forged" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body() };
                if (header is not null)
                {
                    request.Headers.Add("RequestVerificationToken", header);
                }
                var answer = await _visitor.SendAsync(request);
                answers.Add($"{what}, token {(header == token ? "valid" : header ?? "none")}: {(int)answer.Status}");
                Assert.True((int)answer.Status is >= 400 and < 500, answers[^1] + "\n" + answer.Body);
            }
        }

        await using var check = _portal.Services.CreateAsyncScope();
        Assert.Equal(0, (await check.ServiceProvider.GetRequiredService<ApplicationDbContext>().Invites.SingleAsync()).Uses);
        Assert.Equal(HttpStatusCode.SeeOther, (await _visitor.JoinAsync(url, "Ann Example")).Status); // and the invite still works
    }
}
