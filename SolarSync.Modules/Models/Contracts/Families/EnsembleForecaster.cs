using System.Text.Json;
using SolarSync.Modules.Features.Contracts;

namespace SolarSync.Modules.Models.Contracts.Families;

/// <summary>
/// Several trained families as one forecaster: the weighted mean of their outputs. Errors of trees and networks are
/// only partly correlated, so the mean is often better than either; the weights (summing to 1) come from the same
/// validation days that choose between it and the single families. Owns its members.
/// </summary>
internal sealed class EnsembleForecaster : IForecaster
{
    private const string File = "ensemble.json";

    private sealed record Layout(string[] Families, double[] Weights);

    public EnsembleForecaster(IReadOnlyList<IForecaster> members, IReadOnlyList<double> weights)
    {
        if (members.Count == 0 || members.Count != weights.Count) throw new ArgumentException("One weight per member, and at least one member.");
        Members = members;
        Weights = weights;
    }

    public IReadOnlyList<IForecaster> Members { get; }
    public IReadOnlyList<double> Weights { get; }
    public string Family => ModelFamilies.Ensemble;
    public int Lookback => Members[0].Lookback;
    public int Horizon => Members.Min(m => m.Horizon);

    public float[] Predict(FeatureSamples raw)
    {
        var result = new float[raw.Count * raw.Horizon];
        for (var m = 0; m < Members.Count; m++)
        {
            var output = Members[m].Predict(raw);
            for (var i = 0; i < result.Length; i++) result[i] += (float)(Weights[m] * output[i]);
        }

        return result;
    }

    public void Save(string directory)
    {
        for (var m = 0; m < Members.Count; m++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(directory, MemberFolder(m, Members[m].Family))).FullName;
            Members[m].Save(folder);
        }

        Networks.ModelFiles.SaveText(directory, File, JsonSerializer.Serialize(new Layout(Members.Select(m => m.Family).ToArray(), Weights.ToArray())));
    }

    /// <param name="loadMember">Loads a member of a family from its folder.</param>
    public static EnsembleForecaster Load(string directory, Func<string, string, IForecaster> loadMember)
    {
        var layout = JsonSerializer.Deserialize<Layout>(System.IO.File.ReadAllText(Path.Combine(directory, File)))
            ?? throw new JsonException("The ensemble's layout file is empty.");
        var members = new List<IForecaster>();
        try
        {
            for (var m = 0; m < layout.Families.Length; m++) members.Add(loadMember(Path.Combine(directory, MemberFolder(m, layout.Families[m])), layout.Families[m]));
            return new EnsembleForecaster(members, layout.Weights);
        }
        catch
        {
            foreach (var member in members) member.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var member in Members) member.Dispose();
    }

    private static string MemberFolder(int index, string family) => $"member-{index}-{family}";
}
