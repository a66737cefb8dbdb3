using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Modules.Features.Domain;

/// <summary>
/// The panels' effective orientation, found in the plant's measured output. A declared tilt or azimuth is often a
/// guess (the registry's default, a roof "facing south"), and an azimuth 10° off moves output between morning and
/// afternoon by more than any scale factor can repair. Every orientation on a grid is scored by how well the
/// calibrated PVWatts model predicts the hold-out hours (<see cref="HoldOut"/>); the declared orientation is kept
/// unless another is clearly better.
/// </summary>
internal static class SolarOrientationFit
{
    /// <summary>Fewer usable hours than this (about a month of daylight) cannot tell orientations apart.</summary>
    public const int MinHours = 300;

    private const int TiltStepDeg = 5;
    private const int AzimuthStepDeg = 5;

    // Tilt trades off against gain and the quadratic term, so many orientations score nearly alike. Among those
    // within 1 % of the best hold-out error the one nearest the declared orientation is taken: the data do not tell
    // them apart, the plant's owner might.
    private const double Tolerance = 1.01;

    /// <summary>
    /// Tilt shows only across the seasons: over a few months the sun's height changes little and a steeper panel looks
    /// like a larger gain. With fewer days than this the declared tilt stays and only the azimuth is fitted, which
    /// every day shows (output shifts between morning and afternoon).
    /// </summary>
    public const int MinDaysForTilt = 300;

    /// <summary>One measured hour: its day, the sun, the weather (DNI/DHI already split) and output ÷ capacity.</summary>
    public readonly record struct Hour(int Day, SolarAngles Sun, double GhiWm2, double DniWm2, double DhiWm2, double AirTempC, double Wind10mMs, double Share);

    /// <summary>The orientation that fits the hours where it is clearly not the declared one, else null; hours must be in time order.</summary>
    public static (double TiltDeg, double AzimuthDeg)? Fit(PlantModel plant, IReadOnlyList<Hour> hours)
    {
        var declared = (plant.TiltDeg, plant.AzimuthDeg);
        if (hours.Count < MinHours) return null;

        var days = hours.Skip(HoldOut.Split(hours.Count)).Select(h => h.Day).ToArray();
        var declaredErrors = HoldOutErrors(plant, hours, declared.TiltDeg, declared.AzimuthDeg);
        var candidates = new List<(double Tilt, double Azimuth, double Error, bool ClearlyBetter)>();
        // The equator-facing half of the compass: panels facing the pole are not built for output.
        var facing = plant.Site.LatitudeDeg >= 0 ? 180 : 0;
        var tilts = hours[^1].Day - hours[0].Day + 1 >= MinDaysForTilt
            ? Enumerable.Range(0, 90 / TiltStepDeg + 1).Select(t => t * (double)TiltStepDeg)
            : [declared.TiltDeg];
        foreach (var tilt in tilts)
        {
            for (var offset = -90; offset <= 90; offset += AzimuthStepDeg)
            {
                // Flat panels face no way: they keep the declared azimuth, so that a flat fit reads as tilt alone.
                var azimuth = tilt == 0 ? declared.AzimuthDeg : (facing + offset + 360) % 360;
                if (tilt == 0 && offset != 0) continue;
                var errors = HoldOutErrors(plant, hours, tilt, azimuth);
                candidates.Add((tilt, azimuth, errors.Average(), DailyErrorComparison.ClearlyLower(days, errors, declaredErrors)));
            }
        }

        var best = candidates.Min(c => c.Error);
        return candidates.Where(c => c.ClearlyBetter && c.Error <= best * Tolerance)
            .OrderBy(c => AngleBetweenDeg(c.Tilt, c.Azimuth, declared.TiltDeg, declared.AzimuthDeg))
            .Select(c => ((double, double)?)(c.Tilt, c.Azimuth))
            .FirstOrDefault();
    }

    /// <summary>The calibrated model's terms for one hour at an orientation (<see cref="CalibratedPhysics.SolarTerms"/>).</summary>
    public static (double P, double PDt, double P2) Columns(PlantModel plant, in Hour h, double tiltDeg, double azimuthDeg)
    {
        var output = plant.Solar(h.Sun, h.GhiWm2, h.DniWm2, h.DhiWm2, h.AirTempC, h.Wind10mMs, tiltDeg, azimuthDeg);
        return CalibratedPhysics.SolarTerms(output.AcKw / plant.CapacityKw, output.CellTempC);
    }

    /// <summary>
    /// Least squares through the origin of output on <see cref="Columns"/>, with a ridge per hour that only steadies
    /// nearly equal columns (P and P² are). Orientations are compared with a ridge 100 times smaller: its shrinkage
    /// would favour orientations whose columns are larger, whatever the data say.
    /// </summary>
    public static double[] FitCoefficients(PlantModel plant, IReadOnlyList<Hour> hours, double tiltDeg, double azimuthDeg, double ridgePerHour = 1e-3)
    {
        var (x, y) = Design(plant, hours, tiltDeg, azimuthDeg);
        return [.. LinearRegression.Fit(x, y, ridge: ridgePerHour * hours.Count, intercept: false).Coefficients];
    }

    private const double ScoringRidgePerHour = 1e-5;

    /// <summary>Squared errors of the hold-out hours, from coefficients fitted on the hours before them (<see cref="HoldOut"/>).</summary>
    private static double[] HoldOutErrors(PlantModel plant, IReadOnlyList<Hour> hours, double tiltDeg, double azimuthDeg)
    {
        var split = HoldOut.Split(hours.Count);
        var c = FitCoefficients(plant, hours.Take(split).ToList(), tiltDeg, azimuthDeg, ScoringRidgePerHour);
        var errors = new double[hours.Count - split];
        for (var i = split; i < hours.Count; i++)
        {
            var (p, pdt, p2) = Columns(plant, hours[i], tiltDeg, azimuthDeg);
            var residual = c[0] * p + c[1] * pdt + c[2] * p2 - hours[i].Share;
            errors[i - split] = residual * residual;
        }

        return errors;
    }

    private static (double[,] X, double[] Y) Design(PlantModel plant, IReadOnlyList<Hour> hours, double tiltDeg, double azimuthDeg)
    {
        var x = new double[hours.Count, 3];
        var y = new double[hours.Count];
        for (var r = 0; r < hours.Count; r++)
        {
            (x[r, 0], x[r, 1], x[r, 2]) = Columns(plant, hours[r], tiltDeg, azimuthDeg);
            y[r] = hours[r].Share;
        }

        return (x, y);
    }

    /// <summary>The angle between two panel normals, degrees.</summary>
    public static double AngleBetweenDeg(double tiltA, double azimuthA, double tiltB, double azimuthB)
    {
        var cos = PlaneOfArray.CosAngleOfIncidence(tiltA, azimuthA, tiltB, azimuthB);
        return Math.Acos(cos) * 180 / Math.PI;
    }
}
