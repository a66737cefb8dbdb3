namespace SolarSync.Modules.Shared.Physics;

/// <summary>Topocentric sun position and the extraterrestrial normal irradiance at one instant.</summary>
public readonly record struct SolarAngles(double ZenithDeg, double AzimuthDeg, double ElevationDeg, double ExtraterrestrialNormalWm2);

/// <summary>Sun position to NREL SPA accuracy (Reda &amp; Andreas 2004/2008).</summary>
public static class SolarPosition
{
    /// <summary>
    /// Total solar irradiance at 1 AU, W/m². 1361 (Kopp &amp; Lean 2011, SORCE/TIM) rather than the older 1367
    /// (WMO 1981), which TIM showed to be about 0.4 % high.
    /// </summary>
    public const double SolarConstantWm2 = 1361;

    // Reda & Andreas (2008), §3.13: 0.26667° is the sun's apparent radius and 0.5667° the refraction at the horizon;
    // together they decide whether the upper limb is above the horizon and refraction applies.
    private const double SunRadiusDeg = 0.26667;
    private const double HorizonRefractionDeg = 0.5667;

    // JD of DateTime.MinValue (0001-01-01T00:00 proleptic Gregorian); DateTime ticks count from there, so the
    // Julian day needs no calendar arithmetic (Reda & Andreas §3.1.1 gives the same for Gregorian dates).
    private const double JulianDayOfTickZero = 1721425.5;
    private const double J2000 = 2451545.0;

    // Earth figure used by SPA (§3.11): polar/equatorial axis ratio 0.99664719, equatorial radius 6378140 m.
    private const double EarthAxisRatio = 0.99664719;
    private const double EarthEquatorialRadiusM = 6378140;

    private const double DegToRad = Math.PI / 180;
    private const double RadToDeg = 180 / Math.PI;

    /// <summary>ΔT = TT − UT in seconds used unless a caller gives its own (about its value in the mid-2020s).</summary>
    internal const double DefaultDeltaTSeconds = 69.2;

    /// <summary>Azimuth is measured eastward from north (0..360). Refraction uses pressure and temperature.</summary>
    public static SolarAngles Compute(DateTimeOffset utc, double latitudeDeg, double longitudeDeg, double elevationM = 0,
        double pressureHpa = 1013.25, double temperatureC = 12, double deltaTSeconds = DefaultDeltaTSeconds) =>
        Topocentric(Geocentric(JulianDay(utc), deltaTSeconds), latitudeDeg, longitudeDeg, elevationM, pressureHpa, temperatureC);

    /// <summary>
    /// Geometry representing an hourly mean that starts at <paramref name="hourStartUtc"/>: the sun at mid-hour.
    /// The geocentric part, the costly one and the same for every site, comes from <see cref="GeocentricSunCache"/>.
    /// </summary>
    public static SolarAngles ForHour(DateTimeOffset hourStartUtc, double latitudeDeg, double longitudeDeg, double elevationM = 0) =>
        Topocentric(GeocentricSunCache.Shared.Get(hourStartUtc.AddMinutes(30)), latitudeDeg, longitudeDeg, elevationM);

    /// <summary>The sun seen by one observer from its geocentric position: Reda &amp; Andreas (2008) §3.10 to §3.14.</summary>
    internal static SolarAngles Topocentric(GeocentricSun sun, double latitudeDeg, double longitudeDeg, double elevationM,
        double pressureHpa = 1013.25, double temperatureC = 12)
    {
        // Observer local hour angle (§3.10), longitude positive east.
        var hDeg = NormalizeDeg(sun.ApparentSiderealTimeDeg + longitudeDeg - sun.RightAscensionDeg);
        var h = hDeg * DegToRad;
        var delta = sun.DeclinationDeg * DegToRad;
        var phi = latitudeDeg * DegToRad;

        // Parallax in right ascension and declination (§3.11): moves the sun from the earth's centre to the
        // observer on the ellipsoid; up to ~0.0024°, so it matters at SPA accuracy only.
        var xi = 8.794 / (3600 * sun.EarthSunDistanceAu) * DegToRad;
        var u = Math.Atan(EarthAxisRatio * Math.Tan(phi));
        var (sinPhi, cosPhi) = Math.SinCos(phi);
        var x = Math.Cos(u) + elevationM / EarthEquatorialRadiusM * cosPhi;
        var y = EarthAxisRatio * Math.Sin(u) + elevationM / EarthEquatorialRadiusM * sinPhi;
        var sinXi = Math.Sin(xi);
        var (sinH, cosH) = Math.SinCos(h);
        var (sinDelta, cosDelta) = Math.SinCos(delta);
        var denominator = cosDelta - x * sinXi * cosH;
        var deltaAlpha = Math.Atan2(-x * sinXi * sinH, denominator);
        var deltaPrime = Math.Atan2((sinDelta - y * sinXi) * Math.Cos(deltaAlpha), denominator);
        var hPrime = h - deltaAlpha;

        // Topocentric elevation without refraction, then Bennett-style refraction scaled by pressure and temperature
        // (§3.13), applied only while the upper limb can still be seen.
        var (sinDeltaPrime, cosDeltaPrime) = Math.SinCos(deltaPrime);
        var (sinHPrime, cosHPrime) = Math.SinCos(hPrime);
        var e0 = Math.Asin(sinPhi * sinDeltaPrime + cosPhi * cosDeltaPrime * cosHPrime) * RadToDeg;
        var refraction = 0.0;
        if (e0 >= -(SunRadiusDeg + HorizonRefractionDeg))
        {
            refraction = pressureHpa / 1010 * (283 / (273 + temperatureC))
                * 1.02 / (60 * Math.Tan((e0 + 10.3 / (e0 + 5.11)) * DegToRad));
        }

        var elevation = e0 + refraction;

        // Astronomers' azimuth measured westward from south, turned to the navigators' one, eastward from north (§3.14).
        var gamma = Math.Atan2(sinHPrime, cosHPrime * sinPhi - Math.Tan(deltaPrime) * cosPhi) * RadToDeg;
        var azimuth = NormalizeDeg(gamma + 180);

        var r = sun.EarthSunDistanceAu;
        return new SolarAngles(90 - elevation, azimuth, elevation, SolarConstantWm2 / (r * r));
    }

    internal static double JulianDay(DateTimeOffset utc)
    {
        // Whole days and the fraction apart, so the fraction keeps full double precision (~1 µs) before the add.
        var ticks = utc.UtcTicks;
        var days = ticks / TimeSpan.TicksPerDay;
        var fraction = (double)(ticks % TimeSpan.TicksPerDay) / TimeSpan.TicksPerDay;
        return JulianDayOfTickZero + days + fraction;
    }

    /// <summary>Apparent geocentric sun: Reda &amp; Andreas (2008) §3.1 to §3.9.</summary>
    internal static GeocentricSun Geocentric(double julianDay, double deltaTSeconds)
    {
        var jde = julianDay + deltaTSeconds / 86400;
        var jc = (julianDay - J2000) / 36525;
        var jce = (jde - J2000) / 36525;
        var jme = jce / 10;

        var (lDeg, bDeg, r) = EarthHeliocentric(jme);

        // Geocentric longitude and latitude (§3.3): the sun seen from the earth is opposite.
        var theta = NormalizeDeg(lDeg + 180);
        var beta = -bDeg;

        var (deltaPsi, deltaEpsilon) = Nutation(jce);
        var epsilon = TrueObliquityDeg(jme, deltaEpsilon);

        // Aberration (§3.6) and apparent sun longitude (§3.7).
        var deltaTau = -20.4898 / (3600 * r);
        var lambda = theta + deltaPsi + deltaTau;

        // Apparent sidereal time at Greenwich (§3.8); it runs on UT (jd, jc), not on TT.
        var nu0 = NormalizeDeg(280.46061837 + 360.98564736629 * (julianDay - J2000)
            + jc * jc * (0.000387933 - jc / 38710000));
        var (sinEpsilon, cosEpsilon) = Math.SinCos(epsilon * DegToRad);
        var nu = nu0 + deltaPsi * cosEpsilon;

        // Geocentric right ascension and declination (§3.9).
        var (sinLambda, cosLambda) = Math.SinCos(lambda * DegToRad);
        var (sinBeta, cosBeta) = Math.SinCos(beta * DegToRad);
        var alpha = NormalizeDeg(Math.Atan2(sinLambda * cosEpsilon - sinBeta / cosBeta * sinEpsilon, cosLambda) * RadToDeg);
        var delta = Math.Asin(sinBeta * cosEpsilon + cosBeta * sinEpsilon * sinLambda) * RadToDeg;

        return new GeocentricSun(alpha, delta, nu, r);
    }

    /// <summary>Earth heliocentric longitude and latitude (degrees) and radius vector (AU), §3.2.</summary>
    internal static (double LongitudeDeg, double LatitudeDeg, double RadiusAu) EarthHeliocentric(double jme)
    {
        var l = NormalizeDeg(EarthSeries(SpaPeriodicTerms.L, jme) * RadToDeg);
        var b = EarthSeries(SpaPeriodicTerms.B, jme) * RadToDeg;
        var r = EarthSeries(SpaPeriodicTerms.R, jme);
        return (l, b, r);
    }

    /// <summary>Nutation in longitude and obliquity in degrees (§3.4).</summary>
    internal static (double DeltaPsiDeg, double DeltaEpsilonDeg) Nutation(double jce)
    {
        // Fundamental arguments in degrees (Meeus ch. 22, as printed in SPA §3.4.1).
        var x0 = Polynomial(jce, 297.85036, 445267.111480, -0.0019142, 1.0 / 189474);
        var x1 = Polynomial(jce, 357.52772, 35999.050340, -0.0001603, -1.0 / 300000);
        var x2 = Polynomial(jce, 134.96298, 477198.867398, 0.0086972, 1.0 / 56250);
        var x3 = Polynomial(jce, 93.27191, 483202.017538, -0.0036825, 1.0 / 327270);
        var x4 = Polynomial(jce, 125.04452, -1934.136261, 0.0020708, 1.0 / 450000);

        var terms = SpaPeriodicTerms.Nutation;
        double sumPsi = 0, sumEpsilon = 0;
        for (var i = 0; i < terms.Length; i += SpaPeriodicTerms.NutationStride)
        {
            var argument = (x0 * terms[i] + x1 * terms[i + 1] + x2 * terms[i + 2] + x3 * terms[i + 3] + x4 * terms[i + 4])
                * DegToRad;
            var (sin, cos) = Math.SinCos(argument);
            sumPsi += (terms[i + 5] + terms[i + 6] * jce) * sin;
            sumEpsilon += (terms[i + 7] + terms[i + 8] * jce) * cos;
        }

        // Table units are 0.0001 arc seconds.
        return (sumPsi / 36000000, sumEpsilon / 36000000);
    }

    /// <summary>True obliquity of the ecliptic in degrees: Laskar (1986) mean obliquity (SPA §3.5) plus Δε.</summary>
    private static double TrueObliquityDeg(double jme, double deltaEpsilonDeg)
    {
        var u = jme / 10;
        var epsilon0Arcsec = 84381.448 + u * (-4680.93 + u * (-1.55 + u * (1999.25 + u * (-51.38 + u * (-249.67
            + u * (-39.05 + u * (7.12 + u * (27.87 + u * (5.79 + u * 2.45)))))))));
        return epsilon0Arcsec / 3600 + deltaEpsilonDeg;
    }

    /// <summary>Σᵢ (Σⱼ Aⱼ cos(Bⱼ + Cⱼ·JME)) · JMEⁱ / 10⁸ over one family of series (§3.2).</summary>
    private static double EarthSeries(double[][] family, double jme)
    {
        var total = 0.0;
        for (var i = family.Length - 1; i >= 0; i--)
        {
            var series = family[i];
            var sum = 0.0;
            for (var j = 0; j < series.Length; j += 3)
            {
                sum += series[j] * Math.Cos(series[j + 1] + series[j + 2] * jme);
            }

            total = total * jme + sum;
        }

        return total / 1e8;
    }

    private static double Polynomial(double x, double c0, double c1, double c2, double c3) =>
        c0 + x * (c1 + x * (c2 + x * c3));

    private static double NormalizeDeg(double degrees)
    {
        var limited = degrees % 360;
        return limited < 0 ? limited + 360 : limited;
    }
}

/// <summary>The apparent sun seen from the earth's centre at one instant (intermediate SPA result).</summary>
internal readonly record struct GeocentricSun(double RightAscensionDeg, double DeclinationDeg,
    double ApparentSiderealTimeDeg, double EarthSunDistanceAu);
