using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Training.Trainers;
using static TorchSharp.torch;

namespace SolarSync.Tests.Training.Trainers;

public sealed class MaskedLossTests
{
    [Test]
    public void A_nan_target_is_left_out_of_the_mean_instead_of_making_it_nan()
    {
        using var prediction = tensor(new[] { 0.5f, 0.2f, 0.9f, 0.4f }, [2, 2]);
        using var target = tensor(new[] { 0.3f, float.NaN, 0.6f, float.NaN }, [2, 2]);
        using var include = ones(2, 2, dtype: ScalarType.Bool);

        var (mean, count) = MaskedLoss.Compute(prediction, target, include, LossKind.Mse);

        using (mean)
        {
            // (0.2² + 0.3²) / 2 over the two known hours.
            Assert.Multiple(() =>
            {
                Assert.That(count, Is.EqualTo(2));
                Assert.That(mean.item<float>(), Is.EqualTo((0.04 + 0.09) / 2).Within(1e-6));
            });
        }
    }

    [Test]
    public void The_gradient_through_a_nan_target_is_zero_not_nan()
    {
        using var prediction = tensor(new[] { 0.5f, 0.2f }, [1, 2], requires_grad: true);
        using var target = tensor(new[] { 0.3f, float.NaN }, [1, 2]);
        using var include = ones(1, 2, dtype: ScalarType.Bool);

        var (mean, _) = MaskedLoss.Compute(prediction, target, include, LossKind.Huber, huberDelta: 0.1);
        using (mean)
        {
            mean.backward();
        }

        var gradient = prediction.grad!.data<float>().ToArray();
        Assert.That(gradient, Is.EqualTo(new[] { 0.1f, 0f }).Within(1e-6f));
    }

    [Test]
    public void Hours_outside_the_mask_are_left_out_and_nothing_to_count_gives_zero()
    {
        using var prediction = tensor(new[] { 0.5f, 0.9f }, [1, 2]);
        using var target = tensor(new[] { 0.5f, 0f }, [1, 2]);
        using var daylightOnlyFirst = tensor(new[] { true, false }, [1, 2]);
        using var night = zeros(1, 2, dtype: ScalarType.Bool);

        var (masked, maskedCount) = MaskedLoss.Compute(prediction, target, daylightOnlyFirst, LossKind.Mse);
        var (none, noneCount) = MaskedLoss.Compute(prediction, target, night, LossKind.Mse);

        using (masked)
        using (none)
        {
            Assert.Multiple(() =>
            {
                Assert.That(maskedCount, Is.EqualTo(1));
                Assert.That(masked.item<float>(), Is.EqualTo(0f));
                Assert.That(noneCount, Is.EqualTo(0));
                Assert.That(none.item<float>(), Is.EqualTo(0f));
            });
        }
    }

    [Test]
    public void Huber_is_quadratic_within_delta_and_linear_beyond()
    {
        using var prediction = tensor(new[] { 0.05f, 0.5f }, [1, 2]);
        using var target = zeros(1, 2);
        using var include = ones(1, 2, dtype: ScalarType.Bool);

        var (mean, _) = MaskedLoss.Compute(prediction, target, include, LossKind.Huber, huberDelta: 0.1);

        using (mean)
        {
            // ½·0.05² = 0.00125; 0.1·(0.5 − 0.05) = 0.045.
            Assert.That(mean.item<float>(), Is.EqualTo((0.00125 + 0.045) / 2).Within(1e-6));
        }
    }

    [Test]
    public void Training_on_targets_with_gaps_reports_finite_losses()
    {
        var train = SyntheticSamples.Create(64, 8, 4, seed: 11);
        var validation = SyntheticSamples.Create(32, 8, 4, seed: 12);
        // Every third hour unknown, in both splits.
        for (var i = 0; i < train.Target.Length; i += 3)
        {
            train.Target[i] = float.NaN;
        }

        for (var i = 0; i < validation.Target.Length; i += 3)
        {
            validation.Target[i] = float.NaN;
        }

        var config = SyntheticSamples.TinyConfig(ModelConfig.Wind, 8, 4) with { MaxEpochs = 3 };
        using var model = Forecasters.Create(config);

        var report = new ModelTrainer(new TrainerSettings { Loss = LossKind.Huber }).Train(model, config, train, validation);

        Assert.That(report.Epochs.SelectMany(e => new[] { e.TrainLoss, e.ValidationLoss }), Is.All.Matches<double>(double.IsFinite));
    }
}
