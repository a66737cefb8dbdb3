using System.Text.Json;
using System.Text.RegularExpressions;
using SolarSync.Modules.Shared.Http;

namespace SolarSync.Host.Observability;

/// <summary>
/// Turns what the framework could not bind into a problem that names the field, like the validators' problems do:
/// a JSON value of the wrong type or malformed JSON (the body), a query or route value that is not of its type.
/// </summary>
internal static partial class BindingProblems
{
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.Exception is not BadHttpRequestException bad || bad.StatusCode != StatusCodes.Status400BadRequest) return;
        var (field, message) = Explain(bad);
        context.ProblemDetails.Title = "The request could not be read.";
        context.ProblemDetails.Detail = message;
        context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
    }

    private static (string Field, string Message) Explain(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = JsonField(json.Path);
            return field == "body"
                ? ("body", $"The body is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).")
                : (field, $"'{field}' is not of the expected type (a number, text or list as documented).");
        }

        if (ParameterValue().Match(bad.Message) is { Success: true } value)
            return (value.Groups["name"].Value, $"'{value.Groups["name"].Value}' must be a {Friendly(value.Groups["type"].Value)}, not '{value.Groups["value"].Value}'.");
        if (RequiredParameter().Match(bad.Message) is { Success: true } missing)
            return (missing.Groups["name"].Value, $"'{missing.Groups["name"].Value}' is required.");
        return ("body", bad.Message);
    }

    /// <summary>"$.power_curve[0].wind_speed_ms" → "power_curve[0].wind_speed_ms"; the root or no path → "body".</summary>
    private static string JsonField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : RequestValidation.ToJsonPath(path.TrimStart('$').TrimStart('.'));

    private static string Friendly(string type) => type.TrimEnd('?') switch
    {
        "long" or "int" or "Int64" or "Int32" => "whole number",
        "double" or "Double" or "decimal" => "number",
        "DateOnly" => "date (YYYY-MM-DD)",
        "DateTimeOffset" or "DateTime" => "date and time (ISO 8601)",
        "bool" or "Boolean" => "boolean",
        var other => other,
    };

    [GeneratedRegex("""Failed to bind parameter "(?<type>\S+) (?<name>\w+)" from "(?<value>.*)"\.""")]
    private static partial Regex ParameterValue();

    [GeneratedRegex("""Required parameter "(?<type>\S+) (?<name>\w+)" was not provided""")]
    private static partial Regex RequiredParameter();
}
