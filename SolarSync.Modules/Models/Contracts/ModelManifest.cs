using System.Text.Json;

namespace SolarSync.Modules.Models.Contracts;

/// <summary>
/// What a saved model was trained on and expects: the feature columns in order (a model is only served with the same
/// catalog), the data range, its test nMAE (%, realized accuracy is compared with it) and its family
/// (<see cref="Families.ModelFamilies"/>; versions saved before families existed are networks).
/// </summary>
internal sealed record ModelManifest(
    string Type,
    string Version,
    IReadOnlyList<string> EncoderFeatures,
    IReadOnlyList<string> DecoderFeatures,
    DateTimeOffset DataFrom,
    DateTimeOffset DataTo,
    double TestNmaePct,
    DateTimeOffset CreatedAt,
    string Family = Families.ModelFamilies.Network)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelManifest FromJson(string json) =>
        JsonSerializer.Deserialize<ModelManifest>(json, Json) ?? throw new JsonException("The model manifest is empty (null).");

    public bool MatchesColumns(IReadOnlyList<string> encoder, IReadOnlyList<string> decoder) =>
        EncoderFeatures.SequenceEqual(encoder) && DecoderFeatures.SequenceEqual(decoder);
}
