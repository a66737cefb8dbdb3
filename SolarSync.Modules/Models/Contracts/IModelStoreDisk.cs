namespace SolarSync.Modules.Models.Contracts;

/// <summary>The disk that holds the model store (<see cref="Path"/>, Models:Path resolved): its size and free space in bytes.</summary>
public sealed record ModelStoreDiskSpace(string Path, long TotalBytes, long FreeBytes)
{
    public double FreePercent => TotalBytes > 0 ? 100.0 * FreeBytes / TotalBytes : 0;
}

/// <summary>How other modules see how full the model store's disk is (a retrain writes a version of tens of MB).</summary>
public interface IModelStoreDisk
{
    ModelStoreDiskSpace Space();
}
