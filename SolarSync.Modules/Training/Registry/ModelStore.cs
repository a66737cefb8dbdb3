using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Training.Domain.Evaluation;
using SolarSync.Modules.Training.Models;
using static TorchSharp.torch;

namespace SolarSync.Modules.Training.Registry;

/// <summary>
/// The on-disk model store, models/&lt;type&gt;/&lt;version&gt;/ (docs/architecture.md §1). A version is written complete into a hidden
/// ".incoming-*" folder beside it and then renamed into place, and only then registered in the database: a crash at
/// any point leaves either no version folder or a whole one, and the registry never names a folder that is not there.
/// </summary>
internal sealed class ModelStore
{
    private const string IncomingPrefix = ".incoming-";
    private const string ScalerFile = "scaler.json", ConformalFile = "conformal.json", ManifestFile = "manifest.json";

    private readonly string root;
    private readonly Func<Stream, Stream>? interceptWeightWrites;

    public ModelStore(IOptions<TrainingOptions> options, IHostEnvironment environment)
        : this(Path.GetFullPath(options.Value.ModelsPath, environment.ContentRootPath), interceptWeightWrites: null)
    {
    }

    /// <param name="interceptWeightWrites">Wraps the weights stream; tests use it to make a save fail part-way.</param>
    internal ModelStore(string root, Func<Stream, Stream>? interceptWeightWrites)
    {
        this.root = root;
        this.interceptWeightWrites = interceptWeightWrites;
    }

    public string Root => root;

    public string PathOf(string type, string version) => Path.Combine(root, type, version);

    public bool Exists(string type, string version) => File.Exists(Path.Combine(PathOf(type, version), ModelFiles.WeightsFileName));

    public string Save(nn.Module module, ModelConfig config, FeatureScaler scaler, ConformalCalibration conformal, ModelManifest manifest)
    {
        var final = PathOf(config.Type, manifest.Version);
        if (Directory.Exists(final)) throw new IOException($"Model version {config.Type}/{manifest.Version} already exists.");
        var incoming = Path.Combine(root, config.Type, $"{IncomingPrefix}{manifest.Version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(incoming);
        try
        {
            ModelFiles.Save(module, incoming, interceptWeightWrites);
            ModelFiles.SaveConfig(config, incoming);
            ModelFiles.SaveText(incoming, ScalerFile, scaler.ToJson());
            ModelFiles.SaveText(incoming, ConformalFile, conformal.ToJson());
            ModelFiles.SaveText(incoming, ManifestFile, manifest.ToJson());
            Directory.Move(incoming, final);
            return final;
        }
        catch
        {
            TryDelete(incoming);
            throw;
        }
    }

    public LoadedModel Load(string type, string version)
    {
        var directory = PathOf(type, version);
        var config = ModelFiles.LoadConfig(directory);
        var module = Forecasters.Create(config);
        try
        {
            ModelFiles.Load(module, directory);
            module.eval();
            return new LoadedModel(config, module,
                FeatureScaler.FromJson(File.ReadAllText(Path.Combine(directory, ScalerFile))),
                ConformalCalibration.FromJson(File.ReadAllText(Path.Combine(directory, ConformalFile))),
                ModelManifest.FromJson(File.ReadAllText(Path.Combine(directory, ManifestFile))));
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>Deletes what a crashed save left behind; never a registered version's folder.</summary>
    public int RemoveIncomplete()
    {
        if (!Directory.Exists(root)) return 0;
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(root, IncomingPrefix + "*", SearchOption.AllDirectories))
        {
            if (TryDelete(folder)) removed++;
        }

        return removed;
    }

    private static bool TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
