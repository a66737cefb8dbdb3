using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace SolarSync.Modules.Prediction.ExportCsv;

/// <summary>
/// A CSV download written to the response as its rows are produced, never held whole: text/csv, UTF-8, an attachment
/// named <paramref name="fileName"/>.
/// </summary>
internal sealed class CsvFile(string fileName, Func<CsvRowWriter, CancellationToken, Task> writeRows) : IResult
{
    public const string ContentType = "text/csv; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        // A server or middleware that buffers responses would hold the whole file; this one is meant to flow.
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var response = httpContext.Response;
        response.ContentType = ContentType;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        await using var csv = new CsvRowWriter(response.Body);
        await writeRows(csv, httpContext.RequestAborted);
        await csv.FlushAsync(httpContext.RequestAborted);
    }
}
