using SolarSync.Modules.Shared.Forecasting;
using SolarSync.Modules.Shared.Physics;

namespace SolarSync.Modules.Features.Domain;

/// <summary>
/// The panels' effective orientation, found in the plant's measured output. A declared tilt or azimuth is often a
/// guess (the registry's default, a roof "facing south"), and an azimuth 10° off moves output between morning and
/// afternoon by more than any scale factor can repair. Every orientation on a grid is scored by how well the
/// calibrated PVWatts model fitted on the earlier 75 % of the hours predicts the later 25 % (a chronological hold-out,
/// as forecasting meets it); the declared orientation is kept unless the data clearly contradict it.
/// </summary>
internal static class SolarOrientationFit
{
    /// <summary>Fewer usable hours than this (about a month of daylight) cannot tell orientations apart.</summary>
    public const int MinHours = 300;

    private const double TrainingShare = 0.75;
    private const int TiltStepDeg = 5;
    private const int AzimuthStepDeg = 5;

    // Tilt trades off against gain and the quadratic term, so many orientations score nearly alike. Among those
    // within 1 % of the best hold-out error the one nearest the declared orientation is taken: the data do not tell
    // them apart, the plant's owner might.
    private const double Tolerance = 1.01;

    /// <summary>One measured hour: the sun, the weather (DNI/DHI already split) and output ÷ capacity.</summary>
    public readonly record struct Hour(SolarAngles Sun, double GhiWm2, double DniWm2, double DhiWm2, double AirTempC, double Wind10mMs, double Share);

    /// <summary>The orientation that fits the hours, or the declared one; hours must be in time order.</summary>
    public static (double TiltDeg, double AzimuthDeg) Fit(PlantModel plant, IReadOnlyList<Hour> hours)
    {
        var declared = (plant.TiltDeg, plant.AzimuthDeg);
        if (hours.Count < MinHours) return declared;

        var candidates = new List<(double Tilt, double Azimuth, double Error)>
        {
            (declared.TiltDeg, declared.AzimuthDeg, HoldOutError(plant, hours, declared.TiltDeg, declared.AzimuthDeg)),
        };
        // The equator-facing half of the compass: panels facing the pole are not built for output.
        var facing = plant.Site.LatitudeDeg >= 0 ? 180 : 0;
        for (var tilt = 0; tilt <= 90; tilt += TiltStepDeg)
        {
            for (var offset = -90; offset <= 90; offset += AzimuthStepDeg)
            {
                // Flat panels face no way: they keep the declared azimuth, so that a flat fit reads as tilt alone.
                var azimuth = tilt == 0 ? declared.AzimuthDeg : (facing + offset + 360) % 360;
                if (tilt == 0 && offset != 0) continue;
                candidates.Add((tilt, azimuth, HoldOutError(plant, hours, tilt, azimuth)));
            }
        }

        var best = candidates.Min(c => c.Error);
        var chosen = candidates.Where(c => c.Error <= best * Tolerance).MinBy(c => AngleBetweenDeg(c.Tilt, c.Azimuth, declared.TiltDeg, declared.AzimuthDeg));
        return (chosen.Tilt, chosen.Azimuth);
    }

    /// <summary>The calibrated model's rows for one hour at an orientation: P, P·(Tcell − 25 °C), P² (see <see cref="CalibratedPhysics.Solar"/>).</summary>
    public static (double P, double PDt, double P2) Columns(PlantModel plant, in Hour h, double tiltDeg, double azimuthDeg)
    {
        var output = plant.Solar(h.Sun, h.GhiWm2, h.DniWm2, h.DhiWm2, h.AirTempC, h.Wind10mMs, tiltDeg, azimuthDeg);
        var p = output.AcKw / plant.CapacityKw;
        var dt = double.IsNaN(output.CellTempC) ? 0 : output.CellTempC - CalibratedPhysics.ReferenceCellTempC;
        return (p, p * dt, p * p);
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

    private static double HoldOutError(PlantModel plant, IReadOnlyList<Hour> hours, double tiltDeg, double azimuthDeg)
    {
        var split = (int)(hours.Count * TrainingShare);
        var training = hours.Take(split).ToList();
        var c = FitCoefficients(plant, training, tiltDeg, azimuthDeg, ScoringRidgePerHour);
        var error = 0.0;
        for (var i = split; i < hours.Count; i++)
        {
            var (p, pdt, p2) = Columns(plant, hours[i], tiltDeg, azimuthDeg);
            var residual = c[0] * p + c[1] * pdt + c[2] * p2 - hours[i].Share;
            error += residual * residual;
        }

        return error / (hours.Count - split);
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
