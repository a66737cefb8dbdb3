using TorchSharp;
using static TorchSharp.torch;

namespace SolarSync.Tests.Training;

/// <summary>
/// Proves that TorchSharp's native library loads on this machine (see build/LibTorchSharpGlibcxx.targets) and
/// that a recurrent model trains and round-trips through save/load.
/// </summary>
public sealed class TorchSharpSmokeTests
{
    private sealed class TinyLstm : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.LSTM lstm;
        private readonly nn.Module<Tensor, Tensor> head;

        public TinyLstm() : base(nameof(TinyLstm))
        {
            lstm = nn.LSTM(inputSize: 1, hiddenSize: 8, batchFirst: true);
            head = nn.Linear(8, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var (output, _, _) = lstm.forward(input, null);
            return head.forward(output[.., -1, ..]);
        }
    }

    [Test]
    public void A_tiny_lstm_learns_the_next_value_of_a_sine_and_survives_save_and_load()
    {
        random.manual_seed(7);
        // Windows of 12 steps of a sine; the target is the following step.
        var t = arange(0, 400, dtype: float32) * 0.1f;
        var wave = sin(t);
        var inputs = stack(Enumerable.Range(0, 300).Select(i => wave[i..(i + 12)]).ToArray()).unsqueeze(-1);
        var targets = stack(Enumerable.Range(0, 300).Select(i => wave[(i + 12)..(i + 13)]).ToArray());

        var model = new TinyLstm();
        var optimizer = optim.Adam(model.parameters(), lr: 0.02);
        var loss = nn.MSELoss();
        double first = 0, last = 0;
        for (var epoch = 0; epoch < 60; epoch++)
        {
            optimizer.zero_grad();
            var l = loss.forward(model.forward(inputs), targets);
            l.backward();
            optimizer.step();
            if (epoch == 0) first = l.item<float>();
            last = l.item<float>();
        }

        var path = Path.Combine(Path.GetTempPath(), $"solarsync-smoke-{Guid.NewGuid():N}.bin");
        try
        {
            model.save(path);
            var reloaded = new TinyLstm();
            reloaded.load(path);
            model.eval();
            reloaded.eval();
            using var _ = no_grad();
            var difference = (model.forward(inputs) - reloaded.forward(inputs)).abs().max().item<float>();
            Assert.Multiple(() =>
            {
                Assert.That(last, Is.LessThan(first / 10), $"loss {first:F4} -> {last:F4}");
                Assert.That(difference, Is.EqualTo(0f));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }
}
