using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Claims;
using SolarSync.Host.Security;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>/metrics answers a caller on this machine, or a reader or admin key from anywhere else; others get 401.</summary>
[NonParallelizable]
public sealed class MetricsAccessTests
{
    private SolarSyncApp app = null!;
    private IPAddress? nonLoopback;

    [OneTimeSetUp]
    public async Task StartOnLoopbackAndAnInterfaceAddressAsync()
    {
        nonLoopback = NonLoopbackAddress();
        app = await SolarSyncApp.StartOnKestrelAsync(alsoListenOn: nonLoopback);
    }

    [OneTimeTearDown]
    public Task StopAsync() => app.DisposeAsync().AsTask();

    [TestCase("127.0.0.1", null, true)]
    [TestCase("127.8.9.10", null, true)]
    [TestCase("::1", null, true)]
    [TestCase("::ffff:127.0.0.1", null, true)]
    [TestCase(null, null, true)]
    [TestCase("192.0.2.7", null, false)]
    [TestCase("::ffff:192.0.2.7", null, false)]
    [TestCase("2001:db8::7", null, false)]
    [TestCase("192.0.2.7", "reader", true)]
    [TestCase("192.0.2.7", "admin", true)]
    [TestCase("192.0.2.7", "operator", false)]
    public void The_decision_allows_loopback_or_a_key_role(string? remote, string? role, bool allowed)
    {
        var user = role is null
            ? new ClaimsPrincipal(new ClaimsIdentity())
            : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "prometheus"), new Claim(ClaimTypes.Role, role)], "ApiKey"));

        Assert.That(MetricsAccess.IsAllowed(user, remote is null ? null : IPAddress.Parse(remote)), Is.EqualTo(allowed));
    }

    [Test]
    public async Task A_loopback_caller_without_a_key_gets_the_metrics()
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        var response = await client.GetAsync("/metrics");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("solarsync_build_info"));
    }

    [Test]
    public async Task A_remote_caller_needs_a_valid_key()
    {
        if (nonLoopback is null) Assert.Ignore("No non-loopback interface address to call from; the decision test covers the refusal.");
        using var client = new HttpClient { BaseAddress = app.OtherAddress };

        var anonymous = await client.GetAsync("/metrics");
        var wrongKey = await client.SendAsync(WithKey("not-a-key"));
        // Without Http:KnownProxies a client cannot claim to be loopback.
        var forged = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Forwarded-For", "127.0.0.1" } } };
        var forgedLoopback = await client.SendAsync(forged);
        var reader = await client.SendAsync(WithKey(SolarSyncApp.ReaderKey));
        var admin = await client.SendAsync(WithKey(SolarSyncApp.AdminKey));

        var (anonymousBody, readerBody) = (await anonymous.Content.ReadAsStringAsync(), await reader.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(anonymous.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Basic"));
            Assert.That(anonymousBody, Does.Not.Contain("solarsync_"));
            Assert.That(wrongKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(forgedLoopback.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(reader.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(readerBody, Does.Contain("solarsync_build_info"));
            Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private static HttpRequestMessage WithKey(string key) => new(HttpMethod.Get, "/metrics") { Headers = { { "X-Api-Key", key } } };

    /// <summary>An IPv4 address of an interface that is up and not loopback: connecting to it, the peer is not loopback either.</summary>
    private static IPAddress? NonLoopbackAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(u => u.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
