using System.ComponentModel.DataAnnotations;

namespace SolarSync.Modules.Models;

/// <summary>The model store (section "Models").</summary>
internal sealed class ModelsOptions
{
    public const string Section = "Models";

    /// <summary>The model store's folder; a relative path is taken from the host's content root.</summary>
    [Required, Display(Name = "Models:Path")]
    public string Path { get; init; } = "models";
}
