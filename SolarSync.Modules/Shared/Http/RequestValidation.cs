using System.Text.Json;
using FluentValidation;

namespace SolarSync.Modules.Shared.Http;

/// <summary>
/// Runs a FluentValidation validator and returns the failures keyed by the JSON (snake_case) field names the
/// client sent, ready for <c>TypedResults.ValidationProblem</c>.
/// </summary>
public static class RequestValidation
{
    static RequestValidation()
    {
        // Messages read "'capacity_kw' must be greater than '0'.", naming the field as the client wrote it.
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : ToJsonName(member.Name);
    }

    public static async Task<Dictionary<string, string[]>?> ValidateRequestAsync<T>(this IValidator<T> validator, T request, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(request, ct);
        if (result.IsValid) return null;
        return result.Errors
            .GroupBy(e => ToJsonPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
    }

    /// <summary>"PowerCurve[2].PowerKw" becomes "power_curve[2].power_kw".</summary>
    public static string ToJsonPath(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(segment =>
        {
            var bracket = segment.IndexOf('[');
            return bracket < 0 ? ToJsonName(segment) : ToJsonName(segment[..bracket]) + segment[bracket..];
        }));

    public static string ToJsonName(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
