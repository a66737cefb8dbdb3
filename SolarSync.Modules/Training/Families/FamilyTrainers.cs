using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Contracts.Trees;
using SolarSync.Modules.Training.Trainers;

namespace SolarSync.Modules.Training.Families;

internal static class FamilyTrainers
{
    /// <summary>Every family, in the order they train (a validation tie goes to the earlier one).</summary>
    public static IReadOnlyList<IFamilyTrainer> All(TrainerSettings? network = null, Func<ModelConfig, ModelConfig>? configure = null, GbmSettings? gbm = null) =>
    [
        new GbmFamilyTrainer(gbm),
        new NetworkFamilyTrainer(residual: true, network, configure),
        new NetworkFamilyTrainer(residual: false, network, configure),
    ];
}
