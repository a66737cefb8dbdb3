namespace SolarSync.Modules.Collection.Sources.Simulated;

/// <summary>
/// Random numbers that are a pure function of (seed, site, stream, index): any hour can be generated without
/// generating the hours before it, so backfilling a range in pieces gives exactly the rows of one long run.
/// </summary>
internal readonly struct StatelessNoise(ulong seed, long siteId)
{
    /// <summary>Uniform in (0, 1).</summary>
    public double Uniform(int stream, long index)
    {
        var x = SplitMix64(seed ^ SplitMix64((ulong)siteId * 0x9E3779B97F4A7C15UL ^ (ulong)stream) ^ (ulong)index * 0xD1B54A32D192ED03UL);
        return ((x >> 11) + 0.5) / (1UL << 53);
    }

    /// <summary>Standard normal (Box–Muller on two independent uniforms).</summary>
    public double Normal(int stream, long index) =>
        Math.Sqrt(-2 * Math.Log(Uniform(stream, index))) * Math.Cos(2 * Math.PI * Uniform(stream + 7919, index));

    /// <summary>
    /// AR(1) with unit stationary variance, as the truncated moving-average sum of its innovations
    /// (phi^k weights to k = <paramref name="memory"/>), so it too depends only on the index.
    /// </summary>
    public double Autoregressive(int stream, long index, double phi, int memory)
    {
        double sum = 0, weight = 1;
        for (var k = 0; k <= memory; k++, weight *= phi) sum += weight * Normal(stream, index - k);
        return sum * Math.Sqrt(1 - phi * phi);
    }

    private static ulong SplitMix64(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
