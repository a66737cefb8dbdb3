using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace SolarSync.Modules.Models.Contracts.Networks;

/// <summary>
/// Wind forecaster (docs/architecture.md §5): a stacked GRU reads the lookback; each future hour attends over all encoder states
/// (scaled dot-product) with a query built from its own covariates and the final state, and a per-hour MLP turns
/// [context, state, covariates] into that hour's output, all hours in one forward pass.
/// </summary>
/// <remarks>
/// For future hour h with covariates d_h, final state s and encoder states e_1..e_L:
/// <c>q_h = Q_s·s + Q_d·d_h + b_q</c>, <c>k_t = K·e_t + b_k</c>, <c>a_h = softmax_t(q_h·k_t / √hidden)</c>,
/// <c>c_h = Σ_t a_ht e_t</c>, <c>y_h = sigmoid(w · dropout(relu(C·c_h + S·s + D·d_h + b)) + b_o)</c>.
/// Each pair of projections of a sum is a Linear layer over the concatenation, split so that the per-sample
/// term is computed once rather than H times. Dot-product attention is two batched matrix products, cheaper than
/// additive attention's [N, H, L, hidden] tensor, and the attention lets a gust front seen hours ago weigh on the
/// hour whose forecast wind matches it. Input: encoder [N, Lookback, EncoderWidth], decoder [N, Horizon,
/// DecoderWidth]; output [N, Horizon], in (0, 1) of capacity.
/// </remarks>
internal sealed class WindGruAttentionForecaster : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly GRU encoder;
    private readonly Linear queryFromState;
    private readonly Linear queryFromCovariates;
    private readonly Linear keys;
    private readonly Linear contextToHead;
    private readonly Linear stateToHead;
    private readonly Linear covariatesToHead;
    private readonly Dropout headDropout;
    private readonly Linear headOutput;
    private readonly Linear covariatesSkip;
    private readonly Scalar scoreScale;

    public WindGruAttentionForecaster(int encoderWidth, int decoderWidth, int hidden = 64, int layers = 2, double dropout = 0.1)
        : base(nameof(WindGruAttentionForecaster))
    {
        encoder = nn.GRU(encoderWidth, hidden, numLayers: layers, batchFirst: true, dropout: layers > 1 ? dropout : 0);
        queryFromState = nn.Linear(hidden, hidden);
        queryFromCovariates = nn.Linear(decoderWidth, hidden, hasBias: false);
        keys = nn.Linear(hidden, hidden);
        contextToHead = nn.Linear(hidden, hidden);
        stateToHead = nn.Linear(hidden, hidden, hasBias: false);
        covariatesToHead = nn.Linear(decoderWidth, hidden, hasBias: false);
        headDropout = nn.Dropout(dropout);
        headOutput = nn.Linear(hidden, 1);
        // Wide-and-deep: a linear path from each hour's covariates straight to the output, so the network starts
        // from (at least) what a linear model of the same weather can do and the deep path learns the rest.
        covariatesSkip = nn.Linear(decoderWidth, 1);
        // A field, not a double: see KeptScalars.
        scoreScale = (1.0 / Math.Sqrt(hidden)).ToScalar();
        RegisterComponents();
    }

    public override Tensor forward(Tensor encoderInput, Tensor decoderInput)
    {
        var (states, finalHidden) = encoder.forward(encoderInput);                          // [N, L, hidden]
        var state = finalHidden[-1];                                                        // [N, hidden]
        // add(…, KeptScalars.One) rather than +: see KeptScalars.
        var query = queryFromState.forward(state).unsqueeze(1).add(queryFromCovariates.forward(decoderInput), KeptScalars.One); // [N, H, hidden]
        var scores = bmm(query, keys.forward(states).transpose(1, 2)).mul(scoreScale);     // [N, H, L]
        var context = bmm(softmax(scores, -1), states);                                     // [N, H, hidden]
        var joint = contextToHead.forward(context)
            .add(stateToHead.forward(state).unsqueeze(1), KeptScalars.One)
            .add(covariatesToHead.forward(decoderInput), KeptScalars.One);
        var hiddenHead = headDropout.forward(nn.functional.relu(joint));
        return sigmoid(headOutput.forward(hiddenHead).add(covariatesSkip.forward(decoderInput), KeptScalars.One).squeeze(-1));                         // [N, H]
    }
}
