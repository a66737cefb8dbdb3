using SolarSync.Modules.Training.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace SolarSync.Tests.Training.Trainers;

public sealed class WeightAverageTests
{
    [Test]
    public void The_average_follows_the_weights_with_a_time_constant_of_one_epoch_after_a_fast_start()
    {
        using var layer = nn.Linear(1, 1, hasBias: false);
        var weight = layer.parameters().Single();
        Set(weight, 0);
        using var average = new WeightAverage([weight], stepsPerEpoch: 4);

        // Steps set the weight to 1, 2, …, 20; each step's decay is min(1 − 1/4, (1 + n)/(10 + n)).
        var expected = 0.0;
        for (var n = 1; n <= 20; n++)
        {
            Set(weight, n);
            average.Update();
            var d = Math.Min(0.75, (1.0 + n) / (10.0 + n));
            expected = d * expected + (1 - d) * n;
        }

        average.SwapIn();
        Assert.That(Get(weight), Is.EqualTo(expected).Within(1e-4));
        Assert.That(expected, Is.LessThan(20).And.GreaterThan(16), "an average of about the last four steps lags a rising weight");
    }

    [Test]
    public void Swapping_out_gives_back_the_trained_weights_exactly()
    {
        using var layer = nn.Linear(3, 2);
        var parameters = layer.parameters().ToArray();
        using var average = new WeightAverage(parameters, stepsPerEpoch: 2);
        using (no_grad())
        {
            foreach (var p in parameters) p.add_(1.5f);
        }

        average.Update();
        var trained = parameters.Select(p => p.data<float>().ToArray()).ToArray();

        average.SwapIn();
        Assert.That(parameters[0].data<float>().ToArray(), Is.Not.EqualTo(trained[0]), "the average lags the step just taken");
        Assert.Throws<InvalidOperationException>(average.Update, "training on the averaged weights would lose the trained ones");
        average.SwapOut();

        for (var i = 0; i < parameters.Length; i++) Assert.That(parameters[i].data<float>().ToArray(), Is.EqualTo(trained[i]));
    }

    private static void Set(Tensor weight, double value)
    {
        using var _ = no_grad();
        weight.fill_(value);
    }

    private static double Get(Tensor weight) => weight.data<float>()[0];
}
