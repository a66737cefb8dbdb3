namespace SolarSync.Modules.Shared.Physics;

/// <summary>
/// The geocentric sun (SPA §3.1–3.9, with <see cref="SolarPosition.DefaultDeltaTSeconds"/>) of recent instants,
/// shared by the whole process. It is the costly part of the SPA (some 250 periodic terms, ~3 µs) and the same for
/// every site, so validating a fleet's rows of the same hours computes it once per hour instead of once per site
/// and hour. Direct-mapped on the hour, so memory is fixed (at most one entry per slot) whatever the input size.
/// Thread-safe: entries are immutable and a slot is replaced whole.
/// </summary>
internal sealed class GeocentricSunCache
{
    /// <summary>2^17 hours, about 15 years: one slot per hour of a long import (~7 MB when full).</summary>
    public static GeocentricSunCache Shared { get; } = new(slotBits: 17);

    private readonly Entry?[] slots;
    private readonly long mask;

    public GeocentricSunCache(int slotBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slotBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slotBits, 24);
        slots = new Entry?[1 << slotBits];
        mask = slots.Length - 1;
    }

    public GeocentricSun Get(DateTimeOffset utc)
    {
        var ticks = utc.UtcTicks;
        ref var slot = ref slots[ticks / TimeSpan.TicksPerHour & mask];
        var entry = Volatile.Read(ref slot);
        if (entry is null || entry.UtcTicks != ticks)
        {
            entry = new Entry(ticks, SolarPosition.Geocentric(SolarPosition.JulianDay(utc), SolarPosition.DefaultDeltaTSeconds));
            Volatile.Write(ref slot, entry);
        }
        return entry.Sun;
    }

    private sealed class Entry(long utcTicks, GeocentricSun sun)
    {
        public long UtcTicks { get; } = utcTicks;
        public GeocentricSun Sun { get; } = sun;
    }
}
