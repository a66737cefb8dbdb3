using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using SolarSync.Modules.Devices.Connection;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Devices;

/// <summary>
/// Devices:Mqtt:UseTls against a Mosquitto TLS listener whose certificate a private authority signed: the host connects
/// when Devices:Mqtt:CaFile names that authority, and refuses the broker when it does not.
/// </summary>
[NonParallelizable]
public sealed class MqttTlsTests
{
    [Test]
    public async Task The_host_connects_over_tls_to_a_broker_signed_by_the_configured_authority()
    {
        using var broker = await PrivateMosquitto.StartAsync(TlsListener);
        await using var app = await SolarSyncApp.StartAsync(Settings(broker, Path.Combine(broker.Folder, "ca.pem")));

        Assert.That(await SubscribedWithinAsync(app, TimeSpan.FromSeconds(20)), Is.True, "connected and subscribed over TLS");
    }

    [Test]
    public async Task The_host_refuses_a_tls_broker_whose_authority_it_does_not_trust()
    {
        using var broker = await PrivateMosquitto.StartAsync(TlsListener);
        await using var app = await SolarSyncApp.StartAsync(Settings(broker, caFile: ""));

        Assert.That(await SubscribedWithinAsync(app, TimeSpan.FromSeconds(5)), Is.False, "an unknown authority must not be trusted");
    }

    private static Dictionary<string, string?> Settings(PrivateMosquitto broker, string caFile) => new()
    {
        ["Devices:Mqtt:Port"] = broker.Port.ToString(),
        ["Devices:Mqtt:UseTls"] = "true",
        ["Devices:Mqtt:CaFile"] = caFile,
    };

    private static async Task<bool> SubscribedWithinAsync(SolarSyncApp app, TimeSpan timeout)
    {
        var connection = app.Services.GetRequiredService<MqttConnection>();
        var deadline = DateTime.UtcNow + timeout;
        while (!connection.IsSubscribed && DateTime.UtcNow < deadline) await Task.Delay(100);
        return connection.IsSubscribed;
    }

    /// <summary>A private authority and a server certificate for 127.0.0.1 it signed, as PEM files for Mosquitto.</summary>
    private static string TlsListener(string folder)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=SolarSync test authority", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(Path.Combine(folder, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        return $"""
            certfile {folder}/server.pem
            keyfile {folder}/server.key
            """;
    }
}
