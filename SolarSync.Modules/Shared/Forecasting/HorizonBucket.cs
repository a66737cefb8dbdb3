namespace SolarSync.Modules.Shared.Forecasting;

/// <summary>A range of forecast horizons, both ends inclusive, in hours ahead of the issue time.</summary>
public sealed record HorizonBucket(int FromHour, int ToHour)
{
    /// <summary>The buckets of the evaluation report: intraday, day-ahead, two days, rest of the week.</summary>
    public static IReadOnlyList<HorizonBucket> Defaults { get; } =
        [new(1, 6), new(7, 24), new(25, 48), new(49, 168)];

    public string Label => $"{FromHour}-{ToHour}h";

    public bool Contains(int horizonHour) => horizonHour >= FromHour && horizonHour <= ToHour;

    /// <summary>Index of the bucket holding the horizon, or -1 when it falls in none.</summary>
    public static int IndexOf(IReadOnlyList<HorizonBucket> buckets, int horizonHour)
    {
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Contains(horizonHour)) return i;
        }

        return -1;
    }

    /// <summary>Buckets must be non-empty ranges in ascending order without overlap (gaps are allowed).</summary>
    public static void Validate(IReadOnlyList<HorizonBucket> buckets, string paramName)
    {
        if (buckets.Count == 0) throw new ArgumentException("At least one horizon bucket is needed.", paramName);
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].FromHour > buckets[i].ToHour)
            {
                throw new ArgumentException($"Bucket {buckets[i].Label} ends before it starts.", paramName);
            }

            if (i > 0 && buckets[i].FromHour <= buckets[i - 1].ToHour)
            {
                throw new ArgumentException($"Bucket {buckets[i].Label} overlaps or precedes {buckets[i - 1].Label}.", paramName);
            }
        }
    }
}
