using System.Globalization;
using System.Text.Json;
using System.Text;
using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Training.Domain.Evaluation;

namespace SolarSync.Modules.Training.Evaluate;

/// <summary>The metrics of the model and every baseline on the same test hours of one track.</summary>
internal sealed record TrackReport(string Name, string Description, int HorizonHours, int TestHours, IReadOnlyDictionary<string, MetricSet> Models)
{
    /// <summary>The family the "solarsync" row is: the one selected on validation data (<see cref="Families.FamilySelection.Select"/>).</summary>
    public string SelectedFamily { get; init; } = "";
}

internal sealed record EvaluationReport(string Site, string Type, DateTimeOffset TrainFrom, DateTimeOffset TestFrom, DateTimeOffset TestTo,
    IReadOnlyDictionary<string, TrackReport> Tracks)
{
    public const string Model = "solarsync";

    /// <summary>{"tracks": {"weather": {"test_hours": N, "models": {"solarsync": {"mae": …}, …}}, "history": {…}}}; percentages in percent.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        site = Site,
        type = Type,
        train_from = TrainFrom,
        test_from = TestFrom,
        test_to = TestTo,
        tracks = Tracks.ToDictionary(t => t.Key, t => new
        {
            description = t.Value.Description,
            horizon_hours = t.Value.HorizonHours,
            test_hours = t.Value.TestHours,
            selected_family = t.Value.SelectedFamily,
            models = t.Value.Models.ToDictionary(m => m.Key, m => m.Value.ToJsonDictionary()),
        }),
    }, new JsonSerializerOptions { WriteIndented = true });

    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Site} ({Type}); test {TestFrom:yyyy-MM-dd} .. {TestTo:yyyy-MM-dd}");
        foreach (var track in Tracks.Values)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"track {track.Name}: {track.Description}; {track.TestHours} test hours");
            text.AppendLine(CultureInfo.InvariantCulture, $"{Model} = the family chosen on validation data (marked *): {track.SelectedFamily}");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{"model",-20} {"MAE kW",9} {"RMSE kW",9} {"nMAE %",7} {"nRMSE %",8} {"MAPE %",7} {"R2",7} {"skill",7} {"cov80 %",8} {"width80",8}");
            foreach (var (name, m) in track.Models)
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{(name == track.SelectedFamily ? name + " *" : name),-20} {F(m.Mae, 9, 3)} {F(m.Rmse, 9, 3)} {F(m.NmaePct, 7, 2)} {F(m.NrmsePct, 8, 2)} {F(m.MapePct, 7, 1)} {F(m.R2, 7, 3)} {F(m.Skill, 7, 3)} {F(m.Coverage80Pct, 8, 1)} {F(m.Width80Kw, 8, 3)}");
        }
        return text.ToString();
    }

    private static string F(double value, int width, int decimals) =>
        (double.IsFinite(value) ? value.ToString("F" + decimals, CultureInfo.InvariantCulture) : "-").PadLeft(width);
}
