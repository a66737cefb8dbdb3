namespace SolarSync.Tests.Infrastructure;

internal static class RandomExtensions
{
    /// <summary>
    /// A standard normal draw (Box–Muller): two uniform draws, the first for the radius, the second for the angle;
    /// 1 − U keeps the logarithm's argument in (0, 1].
    /// </summary>
    public static double NextGaussian(this Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
