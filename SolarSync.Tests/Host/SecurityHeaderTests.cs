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

/// <summary>A page on another site cannot make an admin's browser change jobs through the dashboard.</summary>
public sealed class DashboardOriginTests : HostTest
{
    [Test]
    public async Task A_dashboard_post_from_another_origin_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger") { Content = new FormUrlEncodedContent([new("jobs[]", "devices:publish-forecasts")]) };
        request.Headers.Add("Origin", "https://attacker.example");

        var response = await Admin.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_dashboard_post_from_its_own_pages_or_without_an_origin_is_let_through()
    {
        var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/hangfire/stats") { Content = new FormUrlEncodedContent([]) };
        sameOrigin.Headers.Add("Origin", Admin.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var noOrigin = new HttpRequestMessage(HttpMethod.Post, "/hangfire/stats") { Content = new FormUrlEncodedContent([]) };

        var same = await Admin.SendAsync(sameOrigin);
        var none = await Admin.SendAsync(noOrigin);

        Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
