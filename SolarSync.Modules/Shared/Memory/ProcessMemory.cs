using System.Runtime;
using System.Runtime.InteropServices;

namespace SolarSync.Modules.Shared.Memory;

/// <summary>
/// Gives back to the operating system the memory a large, rare job (a retrain) used and no longer needs. Neither
/// runtime does it on its own soon: the server GC keeps the heap it grew to for the next burst, and glibc keeps freed
/// native blocks (libtorch's and LightGBM's buffers) in its arenas. Left alone, the service's resident size would step
/// up at every retrain (bench/soak.sh measures it).
/// </summary>
public static partial class ProcessMemory
{
    public static void ReleaseUnused()
    {
        // Forced, not Aggressive: Aggressive also decommits the allocation budget the serving load needs at once, so the
        // resident size would dip and then climb straight back.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux()) TrimNativeHeap();
    }

    private static void TrimNativeHeap()
    {
        try
        {
            malloc_trim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator returns memory by itself, there is nothing to trim.
        }
    }

    [LibraryImport("libc")]
    private static partial int malloc_trim(nuint pad);
}
