using System.Net;
using System.Text.Json.Nodes;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Validation.GetQualityReport;

/// <summary>Dates a client may send to the quality report: the ends of the calendar are a named 400, never a 500.</summary>
public sealed class QualityReportQueryTests : HostTest
{
    [TestCase("to=0001-01-01", "to")]
    [TestCase("from=0001-01-01", "from")]
    [TestCase("to=9999-12-31", "to")]
    [TestCase("from=1899-12-31&to=1900-01-05", "from")]
    [TestCase("from=2025-02-01&to=2025-01-01", "from")]
    [TestCase("from=2020-01-01&to=2025-01-01", "to")]
    public async Task A_date_outside_the_supported_range_is_a_problem_naming_it(string query, string field)
    {
        var response = await App.CreateClient(SolarSyncApp.ReaderKey).GetAsync($"/monitoring/data-quality/report?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
    }

    [Test]
    public async Task A_range_inside_the_calendar_is_answered()
    {
        var response = await App.CreateClient(SolarSyncApp.ReaderKey).GetAsync("/monitoring/data-quality/report?from=1900-01-01&to=1900-01-31");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
