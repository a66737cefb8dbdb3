using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolarSync.Modules.Features.Contracts;
using SolarSync.Modules.Models.Contracts.Families;
using SolarSync.Modules.Models.Contracts.Intervals;
using SolarSync.Modules.Models.Contracts.Networks;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Models;
using static TorchSharp.torch;

namespace SolarSync.Modules.Models.Registry;

/// <summary>
/// The on-disk model store, models/&lt;type&gt;/&lt;version&gt;/ (docs/architecture.md §1). A version is written complete into a hidden
/// ".incoming-*" folder beside it and then renamed into place, and only then registered in the database: a crash at
/// any point leaves either no version folder or a whole one, and the registry never names a folder that is not there.
/// </summary>
internal sealed class ModelStore : IModelStoreDisk
{
    private const string IncomingPrefix = ".incoming-";
    private const string ConformalFile = "conformal.json", ManifestFile = "manifest.json", CalibrationFile = "calibration.json",
        AvailabilityFile = "availability.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string root;
    private readonly Action<string>? afterForecasterFiles;

    public ModelStore(IOptions<ModelsOptions> options, IHostEnvironment environment)
        : this(Path.GetFullPath(options.Value.Path, environment.ContentRootPath), afterForecasterFiles: null)
    {
    }

    /// <param name="afterForecasterFiles">Called with the incoming folder once the family's files are in; tests throw from it to make a save fail part-way.</param>
    internal ModelStore(string root, Action<string>? afterForecasterFiles)
    {
        this.root = root;
        this.afterForecasterFiles = afterForecasterFiles;
    }

    public string Root => root;

    public string PathOf(string type, string version) => Path.Combine(root, type, version);

    /// <summary>The file system of the store's folder (or of its nearest existing parent, before the first model).</summary>
    public ModelStoreDiskSpace Space()
    {
        var existing = new DirectoryInfo(root);
        while (!existing.Exists && existing.Parent is { } parent) existing = parent;
        // On Linux a DriveInfo of any path reports the file system that holds it (statvfs).
        var drive = new DriveInfo(existing.FullName);
        return new ModelStoreDiskSpace(root, drive.TotalSize, drive.AvailableFreeSpace);
    }

    public bool Exists(string type, string version) => File.Exists(Path.Combine(PathOf(type, version), ManifestFile));

    public string Save(TrainedModel model)
    {
        var manifest = model.Manifest;
        var final = PathOf(manifest.Type, manifest.Version);
        if (Directory.Exists(final)) throw new IOException($"Model version {manifest.Type}/{manifest.Version} already exists.");
        var incoming = Path.Combine(root, manifest.Type, $"{IncomingPrefix}{manifest.Version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(incoming);
        try
        {
            model.Forecaster.Save(incoming);
            afterForecasterFiles?.Invoke(incoming);
            ModelFiles.SaveText(incoming, ConformalFile, model.Conformal.ToJson());
            ModelFiles.SaveText(incoming, CalibrationFile, JsonSerializer.Serialize(
                model.Calibrations.ToDictionary(c => c.Key.ToString(CultureInfo.InvariantCulture), c => c.Value), Json));
            if (model.Availability is { } availability) ModelFiles.SaveText(incoming, AvailabilityFile, JsonSerializer.Serialize(availability, Json));
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

    public LoadedModel Load(string type, string version) => new(LoadModel(type, version));

    public TrainedModel LoadModel(string type, string version)
    {
        var directory = PathOf(type, version);
        var manifest = ModelManifest.FromJson(File.ReadAllText(Path.Combine(directory, ManifestFile)));
        var forecaster = LoadForecaster(directory, manifest.Family);
        try
        {
            var calibrationPath = Path.Combine(directory, CalibrationFile);
            var calibrations = File.Exists(calibrationPath)
                ? JsonSerializer.Deserialize<Dictionary<string, PlantCalibration>>(File.ReadAllText(calibrationPath), Json)!
                    .ToDictionary(c => long.Parse(c.Key, CultureInfo.InvariantCulture), c => c.Value)
                : [];
            var availabilityPath = Path.Combine(directory, AvailabilityFile);
            var availability = File.Exists(availabilityPath) ? JsonSerializer.Deserialize<AvailabilityOutlook>(File.ReadAllText(availabilityPath), Json) : null;
            return new TrainedModel(forecaster, calibrations, availability,
                ConformalCalibration.FromJson(File.ReadAllText(Path.Combine(directory, ConformalFile))), manifest);
        }
        catch
        {
            forecaster.Dispose();
            throw;
        }
    }

    private static IForecaster LoadForecaster(string directory, string family) => family switch
    {
        ModelFamilies.Network => NetworkForecaster.Load(directory, residual: false),
        ModelFamilies.NetworkResidual => NetworkForecaster.Load(directory, residual: true),
        ModelFamilies.Gbm => GbmForecaster.Load(directory),
        ModelFamilies.Ensemble => EnsembleForecaster.Load(directory, LoadForecaster),
        _ => throw new InvalidDataException($"The model in {directory} is of an unknown family '{family}'."),
    };

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
