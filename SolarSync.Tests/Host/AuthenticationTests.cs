using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

public sealed class AuthenticationTests : HostTest
{
    private static object Site => new { name = "Auth PV", type = "solar", latitude = 10, longitude = 10, capacity_kw = 5 };

    [Test]
    public async Task Creating_a_site_without_a_key_is_401_with_a_challenge()
    {
        var response = await App.CreateClient(apiKey: null).PostAsJsonAsync("/api/v1/sites", Site);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Basic"));
    }

    [Test]
    public async Task Creating_a_site_with_an_unknown_key_is_401()
    {
        var response = await App.CreateClient("not-a-key").PostAsJsonAsync("/api/v1/sites", Site);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Creating_a_site_with_a_reader_key_is_403()
    {
        var response = await App.CreateClient(SolarSyncApp.ReaderKey).PostAsJsonAsync("/api/v1/sites", Site);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Creating_a_site_with_an_admin_key_succeeds()
    {
        var response = await App.CreateClient(SolarSyncApp.AdminKey).PostAsJsonAsync("/api/v1/sites", Site);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task The_dashboard_refuses_anonymous_users()
    {
        var response = await App.CreateClient(apiKey: null).GetAsync("/hangfire");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_dashboard_refuses_a_wrong_password()
    {
        var response = await DashboardAs("ops", "wrong-password");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_dashboard_refuses_a_reader()
    {
        var response = await DashboardAs("ops", SolarSyncApp.ReaderKey);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_dashboard_opens_for_the_admin_password()
    {
        var response = await DashboardAs("ops", SolarSyncApp.AdminKey);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("SolarSync jobs"));
    }

    private Task<HttpResponseMessage> DashboardAs(string user, string password)
    {
        var client = App.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client.GetAsync("/hangfire");
    }
}
