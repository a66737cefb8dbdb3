using System.Net;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

public sealed class SecurityHeaderTests : HostTest
{
    [TestCase("/health/live")]
    [TestCase("/api/v1/sites")]
    [TestCase("/api/v1/sites/999")]
    [TestCase("/openapi/v1.json")]
    public async Task Every_response_forbids_sniffing_and_sends_no_referrer(string path)
    {
        var response = await Admin.GetAsync(path);

        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        Assert.That(response.Headers.Contains("Referrer-Policy"), Is.True);
    }

    [Test]
    public async Task The_job_dashboard_may_not_be_framed_by_another_page()
    {
        var response = await Admin.GetAsync("/hangfire");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("X-Frame-Options"), Is.True, response.Headers.ToString() + response.Content.Headers);
        Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
        Assert.That(response.Content.Headers.Contains("Content-Security-Policy") || response.Headers.Contains("Content-Security-Policy"), Is.True);
    }
}
