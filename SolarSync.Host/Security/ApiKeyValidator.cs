using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Host.Security;

/// <summary>
/// Hashes a presented key and compares it in constant time with every configured hash (all of them, so the time
/// taken says nothing about which one matched).
/// </summary>
internal sealed class ApiKeyValidator(IOptionsMonitor<ApiKeyOptions> keys) : IApiKeyValidator
{
    public (string Client, string Role)? Validate(string presentedKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        (string Client, string Role)? match = null;
        foreach (var (name, entry) in keys.CurrentValue.ApiKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(entry.Sha256!)))
                match = (name, entry.Role!);
        }
        return match;
    }
}
