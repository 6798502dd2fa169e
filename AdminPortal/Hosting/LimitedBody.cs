namespace AdminPortal.Hosting;

/// <summary>Reads a request body (sandbox API calls, webhooks) up to a fixed size, before any header is checked, so a huge body costs nothing.</summary>
internal static class LimitedBody
{
    /// <summary>64 KB: sandbox requests and plugNmeet webhook events are a few hundred bytes to a few KB.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// The body, or the status to answer instead: 413 when it is larger than <see cref="MaxBytes"/> (also when the server's
    /// own size limit stopped it), 400 when the request body itself is malformed.
    /// </summary>
    public static async Task<(byte[]? Body, int Status)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ex.StatusCode); // e.g. 413 from Kestrel's or a middleware's request size limit
        }
        return length > MaxBytes ? (null, StatusCodes.Status413PayloadTooLarge) : (buffer[..length], StatusCodes.Status200OK);
    }
}
