using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace SolarSync.Modules.Models.Contracts.Networks;

/// <summary>
/// Solar forecaster (docs/architecture.md §5): a stacked LSTM reads the lookback, and a direct multi-horizon head turns its final
/// state plus each future hour's covariates into that hour's output, all hours in one forward pass.
/// </summary>
/// <remarks>
/// Head, per future hour h: <c>y_h = sigmoid(w · dropout(relu(A·s + B·d_h + b)) + c)</c>, where s is the last
/// layer's final hidden state and d_h the hour's decoder covariates. <c>A·s + B·d_h</c> is exactly a Linear layer
/// over the concatenation [s, d_h]; computing A·s once per sample instead of H times saves the repeat. A direct
/// head (rather than a decoder LSTM) keeps the hours independent given the state, so an error at hour 3 cannot
/// feed into hour 4, and its cost is a small fraction of the encoder's. The sigmoid bounds the output to
/// (0, 1) of capacity; daylight masking and clipping happen in <see cref="ModelTrainer"/>.
/// Input: encoder [N, Lookback, EncoderWidth], decoder [N, Horizon, DecoderWidth]; output [N, Horizon].
/// </remarks>
internal sealed class SolarLstmForecaster : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LSTM encoder;
    private readonly Linear stateToHead;
    private readonly Linear covariatesToHead;
    private readonly Dropout headDropout;
    private readonly Linear headOutput;
    private readonly Linear covariatesSkip;

    public SolarLstmForecaster(int encoderWidth, int decoderWidth, int hidden = 128, int layers = 3, double dropout = 0.1)
        : base(nameof(SolarLstmForecaster))
    {
        // PyTorch applies LSTM dropout between layers only; with one layer it would warn and do nothing.
        encoder = nn.LSTM(encoderWidth, hidden, numLayers: layers, batchFirst: true, dropout: layers > 1 ? dropout : 0);
        stateToHead = nn.Linear(hidden, hidden);
        covariatesToHead = nn.Linear(decoderWidth, hidden, hasBias: false);
        headDropout = nn.Dropout(dropout);
        headOutput = nn.Linear(hidden, 1);
        // Wide-and-deep: a linear path from each hour's covariates straight to the output, so the network starts
        // from (at least) what a linear model of the same weather can do and the deep path learns the rest.
        covariatesSkip = nn.Linear(decoderWidth, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor encoderInput, Tensor decoderInput)
    {
        var (_, finalHidden, _) = encoder.forward(encoderInput);
        var state = finalHidden[-1];                                                        // [N, hidden]
        // add(…, KeptScalars.One) rather than +: see KeptScalars.
        var joint = stateToHead.forward(state).unsqueeze(1).add(covariatesToHead.forward(decoderInput), KeptScalars.One); // [N, H, hidden]
        var hiddenHead = headDropout.forward(nn.functional.relu(joint));
        return sigmoid(headOutput.forward(hiddenHead).add(covariatesSkip.forward(decoderInput), KeptScalars.One).squeeze(-1));                         // [N, H]
    }
}
