using System.Text;
using static TorchSharp.torch;

namespace SolarSync.Modules.Models.Contracts.Networks;

/// <summary>
/// Model files in one version folder (docs/architecture.md §1: models/&lt;type&gt;/&lt;version&gt;/): the weights and the
/// configuration that rebuilds the model around them. Every file is written to a temporary name in the same
/// folder, flushed to disk and renamed over the final name (docs/architecture.md §5), so a crash or a failed write leaves either
/// the previous file or none, never half a file under the final name.
/// </summary>
internal static class ModelFiles
{
    public const string WeightsFileName = "weights";
    public const string ConfigFileName = "config.json";

    /// <summary>Writes the module's parameters (TorchSharp's state-dict format) to <c>directory/weights</c>.</summary>
    public static string Save(nn.Module module, string directory) => Save(module, directory, interceptWrites: null);

    /// <summary>
    /// <paramref name="interceptWrites"/> wraps the file stream; tests use it to make a write fail part-way.
    /// </summary>
    internal static string Save(nn.Module module, string directory, Func<Stream, Stream>? interceptWrites) =>
        WriteAtomically(Path.Combine(directory, WeightsFileName), interceptWrites, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            module.save(writer);
            writer.Flush();
        });

    /// <summary>
    /// Loads weights saved by <see cref="Save(nn.Module, string)"/> into a model built with the same
    /// hyper-parameters; a missing or extra parameter is an error.
    /// </summary>
    public static void Load(nn.Module module, string directory)
    {
        var path = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No model weights at {path}.", path);
        }

        module.load(path, strict: true);
    }

    public static string SaveConfig(ModelConfig config, string directory) =>
        WriteAtomically(Path.Combine(directory, ConfigFileName), interceptWrites: null, stream =>
        {
            var bytes = Encoding.UTF8.GetBytes(config.ToJson());
            stream.Write(bytes);
        });

    public static ModelConfig LoadConfig(string directory) =>
        ModelConfig.FromJson(File.ReadAllText(Path.Combine(directory, ConfigFileName), Encoding.UTF8));

    /// <summary>Writes a UTF-8 text file atomically (temporary name, flush to disk, rename).</summary>
    public static string SaveText(string directory, string fileName, string text) =>
        WriteAtomically(Path.Combine(directory, fileName), interceptWrites: null, stream => stream.Write(Encoding.UTF8.GetBytes(text)));

    private static string WriteAtomically(string path, Func<Stream, Stream>? interceptWrites, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // Same folder as the final file, so the rename never crosses file systems and stays atomic.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var stream = interceptWrites?.Invoke(file) ?? file;
                write(stream);
                stream.Flush();
                // Data on disk before the rename: otherwise a power cut can leave the new name on an empty file.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return path;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more; a stray temporary name is never read as a model.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
