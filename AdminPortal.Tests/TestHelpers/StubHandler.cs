using System.Net;
using System.Text;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>An HttpMessageHandler that records every request (with its body) and answers from a function.</summary>
public sealed class StubHandler(Func<HttpRequestMessage, string, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, byte[] Body)> Requests { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((request, body));
        }
        return answer(request, Encoding.UTF8.GetString(body));
    }
}
