using System.ComponentModel.DataAnnotations;
using Cronos;

namespace SolarSync.Modules.Shared.Options;

/// <summary>Validates a five-field cron string (Hangfire's Cronos dialect).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CronAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text))
            return new ValidationResult($"{context.DisplayName} must be a cron expression.", [context.MemberName!]);
        try
        {
            CronExpression.Parse(text);
            return ValidationResult.Success;
        }
        catch (CronFormatException e)
        {
            return new ValidationResult($"{context.DisplayName} '{text}' is not a valid cron expression: {e.Message}", [context.MemberName!]);
        }
    }
}
