using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SolarSync.Modules.Prediction.Experiments;

/// <summary>
/// Which model answers a request of a split experiment. client_hash and gradual put a client in one of 10,000 slots by a
/// hash of the experiment id and the client, so a client always sees the same model (and under a rising gradual share
/// a client moved to the challenger stays there); percentage draws per request.
/// </summary>
internal static class ExperimentAssignment
{
    public const int Slots = 10_000;

    public static int SlotOf(long experimentId, string client)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{experimentId}:{client}"));
        return (int)(BinaryPrimitives.ReadUInt64LittleEndian(hash) % Slots);
    }

    public static bool ByClient(long experimentId, string client, double percent) => SlotOf(experimentId, client) < percent * (Slots / 100);

    public static bool ByDraw(double percent) => Random.Shared.NextDouble() * 100 < percent;
}

/// <summary>The challenger's share of a gradual split at a moment: the schedule's, or where it was halted.</summary>
internal static class GradualRamp
{
    public static double ShareAt(RampSchedule ramp, DateTimeOffset startedAt, DateTimeOffset now, double? haltedPercent)
    {
        if (haltedPercent is { } halted) return halted;
        var steps = Math.Max(0, Math.Floor((now - startedAt).TotalHours / ramp.EveryHours));
        return Math.Min(ramp.MaxPercent, ramp.StartPercent + steps * ramp.StepPercent);
    }
}
