using FluentValidation;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>POST /admin/experiments. Defaults: min_days 14, success {metric mae, min_improvement_pct 5, alpha 0.05}.</summary>
public sealed record StartExperimentRequest(string? Type, string? ChallengerVersion, string? Mode, SplitRequest? Split, int? MinDays, SuccessRequest? Success);

/// <summary>percent is the challenger's share for percentage and client_hash; gradual follows its ramp.</summary>
public sealed record SplitRequest(string? Strategy, double? Percent, RampRequest? Ramp);

public sealed record RampRequest(double? StartPercent, double? StepPercent, int? EveryHours, double? MaxPercent);

public sealed record SuccessRequest(string? Metric, double? MinImprovementPct, double? Alpha);

internal sealed class StartExperimentRequestValidator : AbstractValidator<StartExperimentRequest>
{
    public StartExperimentRequestValidator()
    {
        RuleFor(r => r.Type).NotEmpty().Must(t => PlantTypes.TryParse(t, out _)).WithMessage($"'type' must be {PlantTypes.Expected}.");
        RuleFor(r => r.ChallengerVersion).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Mode).NotEmpty().Must(m => m is Experiment.Shadow or Experiment.SplitMode).WithMessage("'mode' must be 'shadow' or 'split'.");
        RuleFor(r => r.Split).NotNull().When(r => r.Mode == Experiment.SplitMode).WithMessage("'split' is required when mode is 'split'.");
        RuleFor(r => r.Split).Null().When(r => r.Mode == Experiment.Shadow).WithMessage("'split' is only for mode 'split'.");
        RuleFor(r => r.Split!).SetValidator(new SplitValidator()).When(r => r.Split is not null);
        RuleFor(r => r.MinDays).InclusiveBetween(1, 365);
        RuleFor(r => r.Success!).SetValidator(new SuccessValidator()).When(r => r.Success is not null);
    }

    private sealed class SplitValidator : AbstractValidator<SplitRequest>
    {
        public SplitValidator()
        {
            RuleFor(s => s.Strategy).NotEmpty().Must(s => s is SplitSettings.Percentage or SplitSettings.ClientHash or SplitSettings.Gradual)
                .WithMessage("'strategy' must be 'percentage', 'client_hash' or 'gradual'.");
            RuleFor(s => s.Percent).NotNull().GreaterThan(0).LessThanOrEqualTo(100).When(s => s.Strategy is not SplitSettings.Gradual);
            RuleFor(s => s.Ramp).NotNull().When(s => s.Strategy == SplitSettings.Gradual).WithMessage("'ramp' is required for the gradual strategy.");
            RuleFor(s => s.Ramp!).SetValidator(new RampValidator()).When(s => s.Ramp is not null);
        }
    }

    private sealed class RampValidator : AbstractValidator<RampRequest>
    {
        public RampValidator()
        {
            RuleFor(r => r.StartPercent).NotNull().GreaterThan(0).LessThanOrEqualTo(100);
            RuleFor(r => r.StepPercent).NotNull().GreaterThan(0).LessThanOrEqualTo(100);
            RuleFor(r => r.EveryHours).NotNull().InclusiveBetween(1, 24 * 90);
            RuleFor(r => r.MaxPercent).NotNull().LessThanOrEqualTo(100).GreaterThanOrEqualTo(r => r.StartPercent ?? 0);
        }
    }

    private sealed class SuccessValidator : AbstractValidator<SuccessRequest>
    {
        public SuccessValidator()
        {
            RuleFor(s => s.Metric).Must(m => m is null or SuccessCriteria.Mae or SuccessCriteria.Rmse).WithMessage("'metric' must be 'mae' or 'rmse'.");
            RuleFor(s => s.MinImprovementPct).InclusiveBetween(0, 100);
            RuleFor(s => s.Alpha).GreaterThan(0).LessThanOrEqualTo(0.5);
        }
    }
}
